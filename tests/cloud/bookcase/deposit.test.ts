import type { CloudSdk } from '../../../functions/_lib/sdk'
import { DAY, bookTag, createBookcase, expectOk, type Bookcase } from './support'

const WORKER = 'local-volunteer-2'

async function ledgerOf(h: Bookcase, openid: string) {
  const db = h.runtime.cloud.sdkFor({ OPENID: '', SOURCE: 'test' }).database()
  const { data } = await db.collection('depositLedger').where({ openid }).limit(100).get()
  return data
}

describe('deposit: WeChat Pay, ledger, refunds', () => {
  let h: Bookcase
  beforeEach(async () => {
    h = await createBookcase()
  })
  afterEach(() => h.runtime.close())

  test('payDeposit asks WeChat Pay for 45 yuan; a retry before paying offers the same order', async () => {
    const first = expectOk<any>(await h.runtime.call('bookcase', WORKER, { action: 'payDeposit' }))
    const again = expectOk<any>(await h.runtime.call('bookcase', WORKER, { action: 'payDeposit' }))
    expect(first).toMatchObject({ paid: false, amount: 4500 })
    expect(first.payment.package).toMatch(/^prepay_id=/)
    expect(again.outTradeNo).toBe(first.outTradeNo)
    const orders = await h.runtime.cloud.payments.list()
    expect(orders.map((o) => [o.outTradeNo, o.totalFee, o.functionName, o.payer])).toEqual([[first.outTradeNo, 4500, 'payNotify', WORKER]])
    expect(await h.account(WORKER)).toMatchObject({ balance: 0, status: 'none', toPay: 4500 })
  })

  test('a duplicate or late payment callback changes nothing twice', async () => {
    const outTradeNo = await h.payDeposit(WORKER)
    const answer = await h.runtime.cloud.payments.settle(outTradeNo, true)
    expect(answer).toEqual({ errcode: 0, errmsg: 'OK' })
    await Promise.all([h.runtime.cloud.payments.settle(outTradeNo, true), h.runtime.cloud.payments.settle(outTradeNo, true)])
    expect(await h.account(WORKER)).toMatchObject({ balance: 4500, status: 'active', toPay: 0 })
    expect((await ledgerOf(h, WORKER)).map((e) => [e.kind, e.amount])).toEqual([['deposit', 4500]])
    // Once full, paying again is not needed.
    expect(expectOk<any>(await h.runtime.call('bookcase', WORKER, { action: 'payDeposit' })).paid).toBe(true)
  })

  test('a failed payment changes nothing; paying the same order afterwards counts once', async () => {
    const { outTradeNo } = expectOk<any>(await h.runtime.call('bookcase', WORKER, { action: 'payDeposit' }))
    await h.runtime.cloud.payments.settle(outTradeNo, false)
    expect(await h.account(WORKER)).toMatchObject({ balance: 0, status: 'none' })
    await h.runtime.cloud.payments.settle(outTradeNo, true)
    expect(await h.account(WORKER)).toMatchObject({ balance: 4500, status: 'active' })
  })

  test('payNotify called by anyone but WeChat Pay is refused and changes nothing', async () => {
    const { outTradeNo } = expectOk<any>(await h.runtime.call('bookcase', WORKER, { action: 'payDeposit' }))
    const forged = { outTradeNo, resultCode: 'SUCCESS', totalFee: 4500, subOpenid: WORKER, returnCode: 'SUCCESS' }
    for (const SOURCE of ['wx_client', 'wx_trigger', 'wx_client,scf']) {
      const answer = await h.runtime.invoke('payNotify', forged, { OPENID: WORKER, SOURCE })
      expect(answer.errcode).not.toBe(0)
    }
    expect(await h.account(WORKER)).toMatchObject({ balance: 0, status: 'none' })
    expect(await ledgerOf(h, WORKER)).toEqual([])
  })

  test('a notice whose amount differs from the order is not booked', async () => {
    const { outTradeNo } = expectOk<any>(await h.runtime.call('bookcase', WORKER, { action: 'payDeposit' }))
    const answer = await h.runtime.invoke(
      'payNotify',
      { outTradeNo, resultCode: 'SUCCESS', totalFee: 1, subOpenid: WORKER },
      { OPENID: WORKER, SOURCE: 'wx_paycallback' },
    )
    expect(answer.errcode).toBe(1)
    expect(await h.account(WORKER)).toMatchObject({ balance: 0 })
  })

  test('refund: the balance goes back through WeChat Pay; refunding again answers the same refund', async () => {
    const outTradeNo = await h.payDeposit(WORKER)
    const first = expectOk<any>(await h.runtime.call('bookcase', WORKER, { action: 'refundDeposit' }))
    expect(first.refund).toMatchObject({ amount: 4500, status: 'processing' })
    expect(first.account).toMatchObject({ balance: 0, status: 'refunded' })
    const again = expectOk<any>(await h.runtime.call('bookcase', WORKER, { action: 'refundDeposit' }))
    expect(again.refund.refundId).toBe(first.refund.refundId)
    const refunds = await h.runtime.cloud.refunds.list()
    expect(refunds.map((r) => [r.outTradeNo, r.refundFee])).toEqual([[outTradeNo, 4500]])

    await h.runtime.cloud.refunds.settle(refunds[0].outRefundNo)
    expect((await h.account(WORKER)).refund).toMatchObject({ status: 'succeeded', message: '已退还 45 元' })
    expect((await ledgerOf(h, WORKER)).map((e) => e.amount).reduce((a, b) => a + b, 0)).toBe(0)
    // Borrowing again needs a new deposit.
    const open = await h.runtime.call('bookcase', WORKER, { action: 'openDoor', cabinetId: 'cabinet-1', door: 1 })
    expect(open).toMatchObject({ ok: false, code: 'DEPOSIT_REQUIRED' })
  })

  test('a refund WeChat Pay did not receive is sent again with the same refund number', async () => {
    await h.payDeposit(WORKER)
    const sdkFor = h.runtime.cloud.sdkFor
    let failures = 1
    h.runtime.cloud.sdkFor = (context) => {
      const sdk: CloudSdk = sdkFor(context)
      const refund: CloudSdk['cloudPay']['refund'] = async (request) => {
        if (failures-- > 0) throw new Error('ECONNRESET')
        return sdk.cloudPay.refund(request)
      }
      return { ...sdk, cloudPay: { ...sdk.cloudPay, refund } }
    }
    const first = expectOk<any>(await h.runtime.call('bookcase', WORKER, { action: 'refundDeposit' }))
    expect(await h.runtime.cloud.refunds.list()).toEqual([])
    expect(first.account.balance).toBe(0)
    await h.runtime.invoke('cron', { action: 'run', job: 'refundRetry' }, { OPENID: '', SOURCE: 'wx_trigger' })
    expectOk(await h.runtime.call('bookcase', WORKER, { action: 'refundDeposit' }))
    const refunds = await h.runtime.cloud.refunds.list()
    expect(refunds).toHaveLength(1)
    expect(refunds[0].outRefundNo).toBe(`${first.refund.refundId}-1`)
  })

  test('a deposit paid over a year ago cannot go back through WeChat Pay: a manual refund the staff completes', async () => {
    const outTradeNo = await h.payDeposit(WORKER)
    // WeChat Pay's own record says the payment is over a year old: it answers TRADE_OVERDUE.
    await h.runtime.cloud.payments.backdate(outTradeNo, new Date(h.runtime.clock.now().getTime() - 366 * DAY))
    const { refund, account } = expectOk<any>(await h.runtime.call('bookcase', WORKER, { action: 'refundDeposit' }))
    expect(account.balance).toBe(0)
    expect(refund).toMatchObject({ status: 'manual', manualAmount: 4500 })
    expect(refund.message).toContain('超过一年')
    expect(refund.message).toContain('45 元')
    expect(await h.runtime.cloud.refunds.list()).toEqual([])

    const listed = expectOk<any>(await h.runtime.call('bookcase', 'local-admin', { action: 'manualRefunds' }))
    expect(listed.items.map((r: any) => [r.openid, r.manualAmount, r.contact?.phone])).toEqual([[WORKER, 4500, '13800000002']])
    expect(await h.runtime.call('bookcase', WORKER, { action: 'completeManualRefund', refundId: refund.refundId })).toMatchObject({
      code: 'FORBIDDEN',
    })
    const done = expectOk<any>(
      await h.runtime.call('bookcase', 'local-admin', { action: 'completeManualRefund', refundId: refund.refundId }),
    )
    expect(done.status).toBe('manualDone')
    expect(expectOk<any>(await h.runtime.call('bookcase', 'local-admin', { action: 'manualRefunds' })).items).toEqual([])
  })

  test('when the app itself knows the payment is over a year old, the refund goes to the staff without asking WeChat Pay', async () => {
    await h.payDeposit(WORKER)
    await h.advance(366 * DAY)
    const { refund } = expectOk<any>(await h.runtime.call('bookcase', WORKER, { action: 'refundDeposit' }))
    expect(refund.status).toBe('manual')
    expect(await h.runtime.cloud.refunds.list()).toEqual([])
  })

  test('no refund while a book is out; a return racing a refund keeps every balance exact', async () => {
    await h.payDeposit(WORKER)
    await h.borrow(WORKER, 'cabinet-1', 1, [bookTag(0)])
    expect(await h.runtime.call('bookcase', WORKER, { action: 'refundDeposit' })).toMatchObject({ ok: false, code: 'CONFLICT' })

    const returnedAt = new Date(new Date((await loanOf(h)).borrowedAt).getTime() + 17 * DAY)
    await h.setClock(returnedAt)
    const { door, sessionId } = expectOk<any>(
      await h.runtime.call('bookcase', WORKER, { action: 'openReturnDoor', cabinetId: 'cabinet-2' }),
    )
    await h.simulator.put('cabinet-2', door, bookTag(0))
    const [, refund] = await Promise.all([
      h.simulator.close('cabinet-2', door, returnedAt),
      h.runtime.call('bookcase', WORKER, { action: 'refundDeposit' }),
    ])
    const session = expectOk<any>(await h.runtime.call('bookcase', WORKER, { action: 'session', sessionId }))
    expect(session.returned[0].fee).toBe(200)
    const account = await h.account(WORKER)
    const ledger = await ledgerOf(h, WORKER)
    expect(ledger.reduce((sum, e) => sum + e.amount, 0)).toBe(account.balance)
    const refunded = (await h.runtime.cloud.refunds.list()).reduce((sum, r) => sum + r.refundFee, 0)
    expect(account.balance + refunded + 200).toBe(4500)
    expect(refund.ok ? refunded : account.balance).toBe(4300)
  })

  test('two refunds at once pay back once', async () => {
    await h.payDeposit(WORKER)
    await Promise.all([1, 2, 3].map(() => h.runtime.call('bookcase', WORKER, { action: 'refundDeposit' })))
    const refunds = await h.runtime.cloud.refunds.list()
    expect(refunds.reduce((sum, r) => sum + r.refundFee, 0)).toBe(4500)
    expect(await h.account(WORKER)).toMatchObject({ balance: 0 })
  })
})

async function loanOf(h: Bookcase) {
  return expectOk<any>(await h.runtime.call('bookcase', WORKER, { action: 'myLoans' })).current[0]
}
