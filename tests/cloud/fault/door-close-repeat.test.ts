/**
 * A door close is applied without a transaction (functions/bookcase/doorClose.ts): the door is written
 * with the close's plan, then each other write follows. A fault at any of those writes — the request
 * failing before or after it took effect — leaves a close the cabinet sends again, and the repeat
 * finishes it: one loan, each count and each fee exactly once, the same answer.
 */
import { DocumentStore } from '../../../local-cloud/sdk/store'
import { DAY, bookTag, createBookcase, expectOk, type Bookcase } from '../bookcase/support'

const ALICE = 'local-volunteer-1'
const BOB = 'local-volunteer-2'

type Method = 'insert' | 'update'

/** The next `method` on `collection` fails once: before it takes effect, or after (the answer is lost). */
function failOnce(method: Method, collection: string, when: 'before' | 'after') {
  const original = DocumentStore.prototype[method] as (...args: any[]) => Promise<any>
  const spy = jest.spyOn(DocumentStore.prototype, method).mockImplementation(async function (this: DocumentStore, ...args: any[]) {
    if (args[0] !== collection) return original.apply(this, args)
    spy.mockRestore()
    if (when === 'after') await original.apply(this, args)
    throw new Error('the function was cut off')
  })
  return spy
}

async function all(bookcase: Bookcase, name: string, where: Record<string, unknown>) {
  const db = bookcase.runtime.cloud.sdkFor({ OPENID: '', SOURCE: 'test' }).database()
  return (await db.collection(name).where(where).limit(100).get()).data as any[]
}

const closeEvent = (eventId: string, commandId: string, door: number, tags: string[], at: Date) => ({
  type: 'doorClosed',
  eventId,
  commandId,
  door,
  tags,
  at: at.getTime(),
})

let bookcase: Bookcase
beforeEach(async () => {
  bookcase = await createBookcase()
})
afterEach(async () => {
  jest.restoreAllMocks()
  await bookcase.runtime.close()
})

const borrowSteps: [Method, string][] = [
  ['update', 'cabinetDoors'],
  ['insert', 'loans'],
  ['update', 'depositAccounts'],
  ['update', 'books'],
  ['insert', 'readingStats'],
  ['insert', 'monthlyStats'],
  ['update', 'doorSessions'],
]

describe.each(['before', 'after'] as const)('a fault %s a write', (when) => {
  test.each(borrowSteps)('borrowing, at %s %s: the repeat makes one loan and counts it once', async (method, collection) => {
    await bookcase.payDeposit(ALICE)
    const session = expectOk<any>(await bookcase.runtime.call('bookcase', ALICE, { action: 'openDoor', cabinetId: 'cabinet-1', door: 1 }))
    const event = closeEvent('close-1', session.sessionId, 1, [bookTag(1)], bookcase.runtime.clock.now())
    failOnce(method, collection, when)
    const cut = await bookcase.simulator.deliver('cabinet-1', event)
    expect(cut.body.ok).toBe(false)
    const again = await bookcase.simulator.deliver('cabinet-1', event)
    expect(again.body).toMatchObject({ ok: true, data: { result: { borrowed: [bookTag(0)] } } })

    const loans = await all(bookcase, 'loans', { openid: ALICE })
    expect(loans).toHaveLength(1)
    expect(loans[0]).toMatchObject({ status: 'onLoan', tag: bookTag(0), overLimit: false })
    expect(await bookcase.account(ALICE)).toMatchObject({ activeLoans: 1, balance: 4500 })
    expect((await all(bookcase, 'depositAccounts', { _id: ALICE }))[0].totalLoans).toBe(1)
    expect(await all(bookcase, 'books', { _id: bookTag(0) })).toMatchObject([{ status: 'onLoan', loanId: loans[0]._id }])
    expect(await all(bookcase, 'readingStats', { openid: ALICE })).toMatchObject([{ loans: 1 }])
    expect(await all(bookcase, 'monthlyStats', { _id: 'cabinet-cabinet-1' })).toMatchObject([{ loans: 1 }])
    const view = expectOk<any>(await bookcase.runtime.call('bookcase', ALICE, { action: 'session', sessionId: session.sessionId }))
    expect(view).toMatchObject({ status: 'closed', borrowed: [{ loanId: loans[0]._id, overLimit: false }] })
  })

  test.each([
    ['update', 'cabinetDoors'],
    ['update', 'loans'],
    ['update', 'depositAccounts'],
    ['insert', 'depositLedger'],
    ['update', 'books'],
    ['update', 'doorSessions'],
    ['insert', 'messages'],
  ] as [Method, string][])(
    'a late return by someone else, at %s %s: the fee is taken once, ledger = balance',
    async (method, collection) => {
      await bookcase.payDeposit(ALICE)
      await bookcase.borrow(ALICE, 'cabinet-1', 1, [bookTag(0)])
      await bookcase.advance(20 * DAY)
      const opened = expectOk<any>(await bookcase.runtime.call('bookcase', BOB, { action: 'openReturnDoor', cabinetId: 'cabinet-2' }))
      const door = (await all(bookcase, 'cabinetDoors', { _id: `cabinet-2-${opened.door}` }))[0]
      const event = closeEvent('return-1', opened.sessionId, opened.door, [...door.tags, bookTag(0)], bookcase.runtime.clock.now())
      failOnce(method, collection, when)
      expect((await bookcase.simulator.deliver('cabinet-2', event)).body.ok).toBe(false)
      expect((await bookcase.simulator.deliver('cabinet-2', event)).body).toMatchObject({
        ok: true,
        data: { result: { returned: [bookTag(0)] } },
      })

      const [loan] = await all(bookcase, 'loans', { openid: ALICE })
      expect(loan).toMatchObject({ status: 'returned', fee: 500, feeDeducted: 500, feeOwed: 0, returnCabinetId: 'cabinet-2' })
      const account = await bookcase.account(ALICE)
      expect(account).toMatchObject({ balance: 4000, activeLoans: 0, owedFee: 0 })
      const ledger = await all(bookcase, 'depositLedger', { openid: ALICE })
      expect(ledger.reduce((sum, entry) => sum + entry.amount, 0)).toBe(4000)
      expect(ledger.find((entry) => entry.kind === 'fee')).toMatchObject({ amount: -500, balanceAfter: 4000 })
      expect(await all(bookcase, 'books', { _id: bookTag(0) })).toMatchObject([{ status: 'shelved', cabinetId: 'cabinet-2', loanId: null }])
      expect(await all(bookcase, 'messages', { openid: ALICE, kind: 'returned' })).toHaveLength(1)
      const view = expectOk<any>(await bookcase.runtime.call('bookcase', BOB, { action: 'session', sessionId: opened.sessionId }))
      expect(view).toMatchObject({ status: 'closed', returned: [{ loanId: loan._id, mine: false, fee: null }] })
    },
  )
})

test('two late returns of one borrower at two doors at once: both fees taken, ledger = balance', async () => {
  await bookcase.payDeposit(ALICE)
  await bookcase.borrow(ALICE, 'cabinet-1', 1, [bookTag(0), bookTag(1)])
  await bookcase.advance(20 * DAY)
  const doors = [6, 5]
  const events = await Promise.all(
    doors.map(async (door, i) => {
      const found = (await all(bookcase, 'cabinetDoors', { _id: `cabinet-2-${door}` }))[0]
      return closeEvent(`return-${i}`, 'none', door, [...found.tags, bookTag(i)], bookcase.runtime.clock.now())
    }),
  )
  // Closed by hand (no session): a book put in is a return whoever put it there.
  const answers = await Promise.all(events.map(({ commandId: _none, ...event }) => bookcase.simulator.deliver('cabinet-2', event)))
  for (const answer of answers) expect(answer.body).toMatchObject({ ok: true })
  expect(await bookcase.account(ALICE)).toMatchObject({ balance: 3500, activeLoans: 0 })
  const ledger = await all(bookcase, 'depositLedger', { openid: ALICE })
  expect(ledger.reduce((sum, entry) => sum + entry.amount, 0)).toBe(3500)
  expect(
    ledger
      .filter((entry) => entry.kind === 'fee')
      .map((entry) => entry.balanceAfter)
      .sort(),
  ).toEqual([3500, 4000])
})

test('one person closing two doors at once, two books each (limit 2): exactly the last two loans are 超额', async () => {
  await bookcase.payDeposit(ALICE)
  const sessions = []
  for (const door of [1, 2]) {
    sessions.push(expectOk<any>(await bookcase.runtime.call('bookcase', ALICE, { action: 'openDoor', cabinetId: 'cabinet-1', door })))
  }
  const events = sessions.map((session, i) => closeEvent(`close-${i}`, session.sessionId, i + 1, [], bookcase.runtime.clock.now()))
  const answers = await Promise.all(events.map((event) => bookcase.simulator.deliver('cabinet-1', event)))
  for (const answer of answers) expect(answer.body).toMatchObject({ ok: true })
  const loans = await all(bookcase, 'loans', { openid: ALICE })
  expect(loans).toHaveLength(4)
  expect(loans.filter((loan) => loan.overLimit)).toHaveLength(2)
  // The flagged pair is one door's: the close that settled second.
  expect(new Set(loans.filter((loan) => loan.overLimit).map((loan) => loan.sessionId)).size).toBe(1)
  expect(await bookcase.account(ALICE)).toMatchObject({ activeLoans: 4 })
  expect(await all(bookcase, 'bookcaseAlerts', { kind: 'overLimit' })).toHaveLength(2)
})
