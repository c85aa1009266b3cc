/**
 * Money under races: each pair is run in both orders, and at once with either side a few promise
 * turns ahead — refund vs door open, refund vs WeChat Pay's refund notice, payment notice vs a retried
 * payDeposit. Every outcome keeps the rules: no door opens without a deposit behind it, no notice is
 * overwritten, no deposit is booked twice.
 */
import { Payments } from '../../../local-cloud/sdk/payments'
import { createBookcase, expectOk, type Bookcase } from '../bookcase/support'

let h: Bookcase
beforeEach(async () => {
  h = await createBookcase()
})
afterEach(() => h.runtime.close())

const call = (openid: string, data: Record<string, unknown>) => h.runtime.call<any>('bookcase', openid, data)
const refund = (openid: string) => call(openid, { action: 'refundDeposit' })
const openDoor = (openid: string, door = 1) => call(openid, { action: 'openDoor', cabinetId: 'cabinet-1', door })
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await Promise.resolve()
}
async function ledgerSum(openid: string) {
  const { data } = await h.runtime.cloud
    .sdkFor({ OPENID: '', SOURCE: 'test' })
    .database()
    .collection('depositLedger')
    .where({ openid })
    .get()
  return data.reduce((sum: number, entry: any) => sum + entry.amount, 0)
}

describe('refund vs door open', () => {
  test('door first: the refund waits until the door is closed', async () => {
    await h.payDeposit('alice')
    const session = expectOk(await openDoor('alice'))
    expect(await refund('alice')).toMatchObject({ ok: false, code: 'CONFLICT', message: expect.stringContaining('柜门') })
    expect(await h.account('alice')).toMatchObject({ balance: 4500 })
    await h.simulator.close('cabinet-1', 1)
    expect(expectOk<any>(await call('alice', { action: 'session', sessionId: session.sessionId })).status).toBe('closed')
    expect(expectOk<any>(await refund('alice')).account).toMatchObject({ balance: 0, status: 'refunded' })
  })

  test('a return door blocks the refund too (a fee may be taken at its close)', async () => {
    await h.payDeposit('alice')
    expectOk(await call('alice', { action: 'openReturnDoor', cabinetId: 'cabinet-1' }))
    expect(await refund('alice')).toMatchObject({ ok: false, code: 'CONFLICT' })
  })

  test('refund first: the door is refused and stays free', async () => {
    await h.payDeposit('alice')
    expectOk(await refund('alice'))
    expect(await openDoor('alice')).toMatchObject({ ok: false, code: 'DEPOSIT_REQUIRED' })
    await h.payDeposit('bob')
    expectOk(await openDoor('bob'))
  })

  test('a door that outlives its 2 minutes open still blocks the refund; an expired opening does not', async () => {
    await h.payDeposit('alice')
    expectOk(await openDoor('alice'))
    await h.advance(10 * 60_000)
    expect(await refund('alice')).toMatchObject({ ok: false, code: 'CONFLICT' })
    await h.simulator.close('cabinet-1', 1)
    h.simulator.setMode('cabinet-1', 'unresponsive')
    expectOk(await openDoor('alice', 2))
    await h.advance(3 * 60_000)
    expectOk(await refund('alice'))
  })

  test('at once, either side ahead: never a door and a refund both', async () => {
    const winners = new Set<string>()
    for (let round = 0; round < 12; round++) {
      const who = `racer-${round}`
      await h.payDeposit(who)
      const lead = (round - 4) * 25
      const door = (round % 5) + 1
      const [opened, refunded] = await Promise.all([turns(lead).then(() => openDoor(who, door)), turns(-lead).then(() => refund(who))])
      expect({ round, both: opened.ok && refunded.ok, neither: !opened.ok && !refunded.ok }).toEqual({ round, both: false, neither: false })
      const account = await h.account(who)
      winners.add(opened.ok ? 'door' : 'refund')
      if (opened.ok) {
        expect(refunded).toMatchObject({ code: 'CONFLICT' })
        expect(account.balance).toBe(4500)
        await h.simulator.close('cabinet-1', door)
      } else {
        expect(opened).toMatchObject({ code: 'DEPOSIT_REQUIRED' })
        expect(account.balance).toBe(0)
      }
      expect(await ledgerSum(who)).toBe(account.balance)
      await h.advance(3 * 60_000)
    }
    // Both orders happened.
    expect([...winners].sort()).toEqual(['door', 'refund'])
  })
})

describe('refund vs its notice', () => {
  const original = Payments.prototype.refund
  afterEach(() => {
    Payments.prototype.refund = original
  })

  test('a notice landing between the refund call and its write is kept: the refund ends succeeded', async () => {
    await h.payDeposit('alice')
    Payments.prototype.refund = async function (this: Payments, ...args: Parameters<typeof original>) {
      const answer = await original.apply(this, args)
      await h.runtime.cloud.refunds.settle(args[0].outRefundNo)
      return answer
    }
    const first = expectOk<any>(await refund('alice'))
    expect(first.refund).toMatchObject({ status: 'succeeded' })
    expect(expectOk<any>(await h.runtime.call('bookcase', 'alice', { action: 'account' })).refund).toMatchObject({ status: 'succeeded' })
  })

  test('a notice after the write, and again: succeeded once', async () => {
    await h.payDeposit('alice')
    expect(expectOk<any>(await refund('alice')).refund).toMatchObject({ status: 'processing' })
    const [{ outRefundNo }] = await h.runtime.cloud.refunds.list()
    await Promise.all([h.runtime.cloud.refunds.settle(outRefundNo), h.runtime.cloud.refunds.settle(outRefundNo)])
    const account = expectOk<any>(await h.runtime.call('bookcase', 'alice', { action: 'account' }))
    expect(account).toMatchObject({ balance: 0, refund: { status: 'succeeded' } })
    expect(await ledgerSum('alice')).toBe(0)
  })
})

describe('payment notice vs a retried payDeposit', () => {
  test('two payDeposit at once get one order', async () => {
    const [a, b] = await Promise.all([call('alice', { action: 'payDeposit' }), call('alice', { action: 'payDeposit' })])
    expect(expectOk<any>(a).outTradeNo).toBe(expectOk<any>(b).outTradeNo)
    expect((await h.runtime.cloud.payments.list()).filter((order) => order.outTradeNo === expectOk<any>(a).outTradeNo)).toHaveLength(1)
  })

  test('notice first, then the retry: paid, no second order', async () => {
    const order = expectOk<any>(await call('alice', { action: 'payDeposit' }))
    await h.runtime.cloud.payments.settle(order.outTradeNo, true)
    expect(expectOk<any>(await call('alice', { action: 'payDeposit' }))).toMatchObject({ paid: true })
    expect(await h.runtime.cloud.payments.list()).toHaveLength(1)
    expect(await h.account('alice')).toMatchObject({ balance: 4500 })
  })

  test('retry first, then the notice (twice, at once): one deposit booked', async () => {
    const order = expectOk<any>(await call('alice', { action: 'payDeposit' }))
    const retry = expectOk<any>(await call('alice', { action: 'payDeposit' }))
    expect(retry.outTradeNo).toBe(order.outTradeNo)
    await Promise.all([h.runtime.cloud.payments.settle(order.outTradeNo, true), h.runtime.cloud.payments.settle(order.outTradeNo, true)])
    expect(await h.account('alice')).toMatchObject({ balance: 4500, status: 'active' })
    expect(await ledgerSum('alice')).toBe(4500)
  })

  test('at once, either side ahead: the notice and the retry agree', async () => {
    for (let round = 0; round < 8; round++) {
      const who = `payer-${round}`
      const order = expectOk<any>(await call(who, { action: 'payDeposit' }))
      const lead = round - 4
      const [, retried] = await Promise.all([
        turns(lead).then(() => h.runtime.cloud.payments.settle(order.outTradeNo, true)),
        turns(-lead).then(() => call(who, { action: 'payDeposit' })),
      ])
      const answer = expectOk<any>(retried)
      if (!answer.paid) expect(answer.outTradeNo).toBe(order.outTradeNo)
      expect(await h.account(who)).toMatchObject({ balance: 4500 })
      expect(await ledgerSum(who)).toBe(4500)
    }
  })
})
