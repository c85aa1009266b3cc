/** The fee rule through the real flow: times are the cabinet's `at`, fees land in the deposit ledger. */
import { DAY, bookTag, createBookcase, expectOk, type Bookcase } from './support'

const WORKER = 'local-volunteer-4'

/** Borrows 活着 at cabinet-1 with the close seen at `borrowedAt`, returns it at cabinet-2 at `returnedAt`. */
async function keep(h: Bookcase, borrowedAt: Date, returnedAt: Date) {
  await h.setClock(borrowedAt)
  expectOk(await h.runtime.call('bookcase', WORKER, { action: 'openDoor', cabinetId: 'cabinet-1', door: 1 }))
  await h.simulator.take('cabinet-1', 1, bookTag(0))
  await h.simulator.close('cabinet-1', 1, borrowedAt)
  await h.setClock(returnedAt)
  const { door, sessionId } = expectOk<any>(await h.runtime.call('bookcase', WORKER, { action: 'openReturnDoor', cabinetId: 'cabinet-2' }))
  await h.simulator.put('cabinet-2', door, bookTag(0))
  await h.simulator.close('cabinet-2', door, returnedAt)
  const session = expectOk<any>(await h.runtime.call('bookcase', WORKER, { action: 'session', sessionId }))
  return { ...session.returned[0], balance: (await h.account(WORKER)).balance }
}

describe('fees at every boundary', () => {
  let h: Bookcase
  beforeEach(async () => {
    h = await createBookcase()
    await h.payDeposit(WORKER)
  })
  afterEach(() => h.runtime.close())

  const T = new Date('2026-03-02T02:00:00Z')
  const after = (ms: number) => new Date(T.getTime() + ms)

  test.each([
    ['ten minutes', 10 * 60_000, 1, 0],
    ['exactly 15 × 24 h', 15 * DAY, 15, 0],
    ['one second past', 15 * DAY + 1000, 16, 100],
    ['exactly 16 days', 16 * DAY, 16, 100],
    ['the second started day', 16 * DAY + 1, 17, 200],
    ['20 days', 20 * DAY, 20, 500],
    ['the last day under the cap', 59 * DAY, 59, 4400],
    ['the cap', 59 * DAY + 1, 60, 4500],
    ['far past the cap', 90 * DAY, 90, 4500],
  ])('returned after %s', async (_name, kept, days, fee) => {
    const returned = await keep(h, T, after(kept))
    expect(returned).toMatchObject({ days, fee, balance: 4500 - fee })
  })

  test('lost at the cap: the cron marks the book lost and keeps the deposit; a late return changes no money', async () => {
    await h.setClock(T)
    await h.borrow(WORKER, 'cabinet-1', 1, [bookTag(0)])
    const [loan] = expectOk<any>(await h.runtime.call('bookcase', WORKER, { action: 'myLoans' })).current
    const borrowedAt = new Date(loan.borrowedAt).getTime()
    const run = async () =>
      expectOk<any>(await h.runtime.invoke('cron', { action: 'run', job: 'lostBooks' }, { OPENID: '', SOURCE: 'wx_trigger' })).lostBooks
    await h.setClock(new Date(borrowedAt + 59 * DAY - 1000))
    expect(await run()).toEqual({ lost: 0 })
    await h.setClock(new Date(borrowedAt + 59 * DAY + 1000))
    const [a, b] = await Promise.all([run(), run()])
    expect(a.lost + b.lost).toBe(1)
    const account = await h.account(WORKER)
    expect(account).toMatchObject({ balance: 0, activeLoans: 0, owedFee: 0 })
    expect(account.history[0]).toMatchObject({ kind: 'fee', amount: -4500 })
    const loans = expectOk<any>(await h.runtime.call('bookcase', WORKER, { action: 'myLoans' }))
    expect(loans.current).toEqual([])
    expect(loans.history[0]).toMatchObject({ status: 'lost', fee: 4500 })

    const returned = await h.giveBack(WORKER, 'cabinet-2', [bookTag(0)])
    expect(returned.returned).toEqual([])
    expect(await h.account(WORKER)).toMatchObject({ balance: 0 })
    const cabinet = expectOk<any>(await h.runtime.call('bookcase', WORKER, { action: 'cabinet', cabinetId: 'cabinet-2' }))
    expect(cabinet.doors.flatMap((d: any) => d.books.map((book: any) => book.title))).toContain('活着')
  })

  test('an admin waives a fee already charged: it goes back to the deposit, with a ledger entry', async () => {
    const returned = await keep(h, T, after(20 * DAY))
    expect(returned.fee).toBe(500)
    // The admin decides a day later (the ledger lists newest first).
    h.runtime.clock.advance(DAY)
    expect(await h.runtime.call('bookcase', WORKER, { action: 'waiveFee', loanId: returned.loanId, reason: '系统故障' })).toMatchObject({
      code: 'FORBIDDEN',
    })
    const waived = expectOk<any>(
      await h.runtime.call('bookcase', 'local-admin', { action: 'waiveFee', loanId: returned.loanId, reason: '书柜故障未能及时还书' }),
    )
    expect(waived).toMatchObject({ waived: true, fee: 0 })
    expectOk(await h.runtime.call('bookcase', 'local-admin', { action: 'waiveFee', loanId: returned.loanId, reason: '重复提交' }))
    const account = await h.account(WORKER)
    expect(account.balance).toBe(4500)
    expect(account.history.map((e: any) => [e.kind, e.amount])).toEqual([
      ['waiver', 500],
      ['fee', -500],
      ['deposit', 4500],
    ])
  })
})
