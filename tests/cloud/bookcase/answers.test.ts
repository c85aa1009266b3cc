/**
 * One call per user action (issue 13): each deposit action answers the account the deposit screen shows
 * next — balance, latest refund and the history — so the screen never reloads it. Back from WeChat Pay's
 * sheet before the payment notice, the result is asked of WeChat Pay (CloudPay.queryOrder) and booked once.
 * Instants arrive as epoch ms; the numbers shown are the configured ones.
 */
import { makeConfig } from '../../../domain/config'
import { createLocalRuntime } from '../../../local-cloud/runtime'
import { START, createBookcase, expectOk, type Bookcase } from './support'

const WORKER = 'local-volunteer-2'

describe('deposit actions answer the account to show next', () => {
  let h: Bookcase
  beforeEach(async () => {
    h = await createBookcase()
  })
  afterEach(() => h.runtime.close())

  const call = (data: Record<string, unknown>, openid = WORKER) => h.runtime.call('bookcase', openid, data)

  test('back from the sheet before the notice: WeChat Pay is asked, the deposit booked once, the account answered', async () => {
    const order = expectOk<any>(await call({ action: 'payDeposit' }))
    expect(order).toMatchObject({ paid: false, amount: 4500 })
    expect(expectOk<any>(await call({ action: 'paymentResult', outTradeNo: order.outTradeNo }))).toMatchObject({
      status: 'pending',
      account: { balance: 0, status: 'none', toPay: 4500, history: [] },
    })
    await h.runtime.cloud.payments.settle(order.outTradeNo, true, { notify: false })
    const result = expectOk<any>(await call({ action: 'paymentResult', outTradeNo: order.outTradeNo }))
    expect(result).toEqual({
      status: 'paid',
      account: {
        balance: 4500,
        owedFee: 0,
        deposit: 4500,
        status: 'active',
        activeLoans: 0,
        toPay: 0,
        refund: null,
        history: [{ kind: 'deposit', amount: 4500, balanceAfter: 4500, note: '缴纳押金', at: START.getTime() }],
        hasMore: false,
      },
    })
    // The notice arriving late changes nothing: the deposit stays booked once.
    await h.runtime.cloud.payments.settle(order.outTradeNo, true)
    expect(await h.account(WORKER)).toEqual(result.account)
    // Nothing left to pay: the pay call itself answers the account.
    expect(expectOk<any>(await call({ action: 'payDeposit' }))).toEqual({ paid: true, account: result.account })
  })

  test('a payment that failed says so; nobody sees another person’s order', async () => {
    const order = expectOk<any>(await call({ action: 'payDeposit' }))
    expect(await call({ action: 'paymentResult', outTradeNo: order.outTradeNo }, 'local-volunteer-1')).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    })
    await h.runtime.cloud.payments.settle(order.outTradeNo, false, { notify: false })
    expect(expectOk<any>(await call({ action: 'paymentResult', outTradeNo: order.outTradeNo }))).toMatchObject({
      status: 'failed',
      account: { balance: 0, toPay: 4500 },
    })
  })

  test('paid at a cabinet: the result answers that cabinet’s page with the deposit in, as the cabinet call would', async () => {
    const cabinetId = 'cabinet-1'
    expect(expectOk<any>(await call({ action: 'cabinet', cabinetId })).canBorrow).toMatchObject({ ok: false, code: 'DEPOSIT_REQUIRED' })
    const order = expectOk<any>(await call({ action: 'payDeposit', cabinetId }))
    expect(order).toMatchObject({ paid: false })
    expect(order).not.toHaveProperty('cabinet')
    await h.runtime.cloud.payments.settle(order.outTradeNo, true)
    const result = expectOk<any>(await call({ action: 'paymentResult', outTradeNo: order.outTradeNo, cabinetId }))
    expect(result.cabinet).toMatchObject({ cabinetId, canBorrow: { ok: true }, account: { balance: 4500, status: 'active' } })
    expect(result.cabinet).toEqual(expectOk<any>(await call({ action: 'cabinet', cabinetId })))
    // Nothing left to pay: the pay call itself answers the page.
    expect(expectOk<any>(await call({ action: 'payDeposit', cabinetId })).cabinet).toEqual(result.cabinet)
    // Without a cabinet, the answers are the deposit screen's alone.
    expect(expectOk<any>(await call({ action: 'paymentResult', outTradeNo: order.outTradeNo }))).not.toHaveProperty('cabinet')
    expect(await call({ action: 'paymentResult', outTradeNo: order.outTradeNo, cabinetId: 'no such/cabinet' })).toMatchObject({
      ok: false,
      code: 'INVALID_ARGUMENT',
    })
  })

  test('a refund answers the refund and the account as it now stands', async () => {
    await h.payDeposit(WORKER)
    await h.advance(60_000)
    const refundedAt = START.getTime() + 60_000
    const answer = expectOk<any>(await call({ action: 'refundDeposit' }))
    expect(answer.refund).toMatchObject({ amount: 4500, status: 'processing', createdAt: refundedAt })
    expect(answer.account).toMatchObject({ balance: 0, status: 'refunded', toPay: 4500, refund: answer.refund })
    expect(answer.account.history.map((entry: any) => [entry.kind, entry.amount, entry.at])).toEqual([
      ['refund', -4500, refundedAt],
      ['deposit', 4500, START.getTime()],
    ])
    expect(await h.account(WORKER)).toEqual(answer.account)
  })
})

test('CloudPay.queryOrder answers as the SDK does: tradeState, payment details only once paid, unknown orders refused', async () => {
  const h = await createBookcase()
  const sdk = h.runtime.cloud.sdkFor({ OPENID: '', SOURCE: 'scf' })
  const { outTradeNo } = expectOk<any>(await h.runtime.call('bookcase', WORKER, { action: 'payDeposit' }))
  const query = { subMchId: 'local-sub-mch', nonceStr: 'n0nce', outTradeNo }
  const unpaid = await sdk.cloudPay.queryOrder(query)
  expect(unpaid).toMatchObject({
    returnCode: 'SUCCESS',
    resultCode: 'SUCCESS',
    tradeState: 'NOTPAY',
    errCode: 0,
    errMsg: 'cloudPay.queryOrder:ok',
  })
  expect(unpaid.totalFee).toBeUndefined()
  await h.runtime.cloud.payments.settle(outTradeNo, true, { notify: false })
  expect(await sdk.cloudPay.queryOrder(query)).toMatchObject({ tradeState: 'SUCCESS', totalFee: 4500, subOpenid: WORKER })
  expect(await sdk.cloudPay.queryOrder({ ...query, outTradeNo: 'BKunknown' })).toMatchObject({ returnCode: 'SUCCESS', resultCode: 'FAIL' })
  expect(await sdk.cloudPay.queryOrder({ subMchId: 'local-sub-mch', nonceStr: 'n0nce' })).toMatchObject({ returnCode: 'FAIL' })
  await h.runtime.close()
})

test('the deposit and its messages follow the configured numbers (APP_CONFIG), not the defaults', async () => {
  const runtime = await createLocalRuntime({ seed: true, env: { config: makeConfig({ bookcase: { depositFen: 6000 } }) } })
  runtime.clock.freeze(true)
  runtime.clock.set(START)
  const call = (data: Record<string, unknown>) => runtime.call('bookcase', WORKER, data)
  expect(expectOk<any>(await call({ action: 'account' }))).toMatchObject({ deposit: 6000, toPay: 6000 })
  const order = expectOk<any>(await call({ action: 'payDeposit' }))
  expect(order.amount).toBe(6000)
  await runtime.cloud.payments.settle(order.outTradeNo, true)
  const { refund } = expectOk<any>(await call({ action: 'refundDeposit' }))
  expect(refund.message).toBe('退款 60 元 已提交，将原路退回微信支付账户')
  const [sent] = await runtime.cloud.refunds.list()
  await runtime.cloud.refunds.settle(sent.outRefundNo, true)
  expect(expectOk<any>(await call({ action: 'account' })).refund.message).toBe('已退还 60 元')
  await runtime.close()
})
