/** Cabinet clocks are trusted only within bounds; late or repeated events never reopen a door or a session. */
import { bookTag, createBookcase, DAY, expectOk, type Bookcase } from '../bookcase/support'

const ALICE = 'local-volunteer-3'
const BOB = 'local-volunteer-4'

let h: Bookcase
beforeEach(async () => {
  h = await createBookcase()
})
afterEach(() => h.runtime.close())

const now = () => h.runtime.clock.now().getTime()
let events = 0
const deliver = (event: Record<string, unknown>) => h.simulator.deliver('cabinet-1', { eventId: `clock-${++events}`, ...event })

async function openDoor(openid: string, door = 1) {
  return expectOk<any>(await h.runtime.call('bookcase', openid, { action: 'openDoor', cabinetId: 'cabinet-1', door }))
}

async function alerts(kind: string) {
  const { items } = expectOk<any>(await h.runtime.call('bookcase', 'local-admin', { action: 'alerts', pageSize: 50 }))
  return items.filter((alert: any) => alert.kind === kind)
}

async function loans(openid: string) {
  return expectOk<any>(await h.runtime.call('bookcase', openid, { action: 'myLoans' })).current
}

test.each([
  ['the largest safe integer', () => Number.MAX_SAFE_INTEGER],
  ['1e20', () => 1e20],
  ['-1e20', () => -1e20],
  ['an hour in the future', () => now() + 3600_000],
  ['30 days before the session opened', () => now() - 30 * DAY],
  ['year 1970', () => 0],
])('a borrow dated %s counts at the receive time, with a clock alert', async (_label, at) => {
  await h.payDeposit(ALICE)
  const session = await openDoor(ALICE)
  await h.advance(30_000)
  const received = now()
  const answer = await deliver({ type: 'doorClosed', commandId: session.sessionId, door: 1, tags: [bookTag(1)], at: at() })
  expect(answer).toMatchObject({ statusCode: 200 })
  const [loan] = await loans(ALICE)
  expect(new Date(loan.borrowedAt).getTime()).toBe(received)
  expect(await alerts('clockWrong')).toHaveLength(1)
  // Returned at once: nothing to pay, the whole deposit stays.
  await h.advance(60_000)
  await h.giveBack(ALICE, 'cabinet-1', [bookTag(0)])
  expect(await h.account(ALICE)).toMatchObject({ balance: 4500, owedFee: 0, activeLoans: 0 })
})

test('a return dated 30 days before its session opened charges nothing at once', async () => {
  await h.payDeposit(ALICE)
  await h.borrow(ALICE, 'cabinet-1', 1, [bookTag(0)])
  await h.advance(60_000)
  const session = expectOk<any>(await h.runtime.call('bookcase', ALICE, { action: 'openReturnDoor', cabinetId: 'cabinet-1' }))
  await h.simulator.put('cabinet-1', session.door, bookTag(0))
  const door = (await h.simulator.state()).cabinets.find((c) => c.cabinetId === 'cabinet-1')!.doors.find((d) => d.door === session.door)!
  await deliver({ type: 'doorClosed', commandId: session.sessionId, door: session.door, tags: door.tags, at: now() - 30 * DAY })
  expect(await h.account(ALICE)).toMatchObject({ balance: 4500, owedFee: 0, activeLoans: 0 })
  expect(await alerts('clockWrong')).toHaveLength(1)
})

test('a late doorOpened after its doorClosed neither reopens the session nor blocks the door', async () => {
  await h.payDeposit(ALICE)
  await h.payDeposit(BOB)
  const session = await openDoor(ALICE)
  const openedAt = now()
  await h.advance(10_000)
  await deliver({ type: 'doorClosed', commandId: session.sessionId, door: 1, tags: [bookTag(1)], at: now() })
  await h.advance(10_000)
  const late = await deliver({ type: 'doorOpened', commandId: session.sessionId, door: 1, at: openedAt })
  expect(late.body.data.result).toEqual({ ignored: 'sessionClosed' })
  expect(expectOk<any>(await h.runtime.call('bookcase', ALICE, { action: 'session', sessionId: session.sessionId })).status).toBe('closed')
  // The door is free for the next person as soon as its session's time is up.
  await h.advance(2 * 60_000)
  expect((await openDoor(BOB)).status).toMatch(/opening|open/)
})

test('a doorOpened for no session, older than the last close, does not mark the door open', async () => {
  await h.payDeposit(ALICE)
  await h.payDeposit(BOB)
  await h.borrow(ALICE, 'cabinet-1', 1, [bookTag(0)])
  const stale = await deliver({ type: 'doorOpened', commandId: 'Sunknown', door: 1, at: now() - 60_000 })
  expect(stale.body.data.result).toEqual({ ignored: 'stale' })
  await h.advance(3 * 60_000)
  expect((await openDoor(BOB)).status).toMatch(/opening|open/)
})

test('a repeated close under a new event id, or one older than the last close, changes nothing', async () => {
  await h.payDeposit(ALICE)
  await h.payDeposit(BOB)
  const first = await openDoor(ALICE)
  const closedAt = now()
  await deliver({ type: 'doorClosed', commandId: first.sessionId, door: 1, tags: [bookTag(1)], at: closedAt })
  await h.advance(3 * 60_000)
  // Bob borrows the other book of the door.
  const second = await openDoor(BOB)
  await deliver({ type: 'doorClosed', commandId: second.sessionId, door: 1, tags: [], at: now() })
  // Alice's close again (new event id), and a close without a command dated before Bob's.
  const again = await deliver({ type: 'doorClosed', commandId: first.sessionId, door: 1, tags: [bookTag(0), bookTag(1)], at: closedAt })
  const older = await deliver({ type: 'doorClosed', door: 1, tags: [bookTag(0), bookTag(1)], at: closedAt + 1000 })
  expect(again.body.data.result).toEqual({ ignored: 'stale' })
  expect(older.body.data.result).toEqual({ ignored: 'stale' })
  expect((await loans(ALICE)).map((l: any) => l.title)).toEqual(['活着'])
  expect(await loans(BOB)).toHaveLength(1)
  expect((await loans(BOB))[0].title).not.toBe('活着')
  expect(await alerts('staleEvent')).toHaveLength(2)
})

test('events an offline cabinet delivers late keep their own times', async () => {
  await h.payDeposit(ALICE)
  const session = await openDoor(ALICE)
  const closedAt = now() + 20_000
  await h.advance(3 * 3600_000)
  await deliver({ type: 'doorClosed', commandId: session.sessionId, door: 1, tags: [bookTag(1)], at: closedAt })
  expect(new Date((await loans(ALICE))[0].borrowedAt).getTime()).toBe(closedAt)
  expect(await alerts('clockWrong')).toHaveLength(0)
})

test('hostile values in any field of a signed event are refused with 400 and change nothing', async () => {
  await h.payDeposit(ALICE)
  const session = await openDoor(ALICE)
  const valid = { type: 'doorClosed', commandId: session.sessionId, door: 1, tags: [bookTag(1)], at: now() }
  const hostile: unknown[] = [1e20, -1e20, 'NaN', { $gt: '' }, Array.from({ length: 5000 }, () => 'x'), null]
  for (const field of ['type', 'eventId', 'commandId', 'door', 'tags']) {
    for (const value of hostile) {
      if (field === 'commandId' && value === null) continue // optional on a close
      if ((field === 'eventId' || field === 'commandId') && value === 'NaN') continue // a well-formed id
      const answer = await deliver({ ...valid, [field]: value })
      expect({ field, value: JSON.stringify(value).slice(0, 20), status: answer.statusCode }).toEqual({
        field,
        value: JSON.stringify(value).slice(0, 20),
        status: answer.statusCode === 413 ? 413 : 400,
      })
      expect(answer.statusCode).not.toBe(200)
    }
  }
  expect(await loans(ALICE)).toHaveLength(0)
  expect(expectOk<any>(await h.runtime.call('bookcase', ALICE, { action: 'session', sessionId: session.sessionId })).status).toBe('open')
})
