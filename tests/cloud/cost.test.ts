/**
 * DB requests per action (issue 13), counted where CloudBase bills them: each request reaching the
 * database service. Each limit holds at a small and a large fill level, so the count stays constant
 * as data grows.
 */
import type { LocalRuntime } from '../../local-cloud/runtime'
import { expectOk } from '../support/runtime'
import { activityRuntime, addVolunteers, createActivity } from './activity/support'
import { DAY, createBookcase, expectOk as ok } from './bookcase/support'
import { at, book, counselingRuntime } from './counseling/support'

/** The DB requests of one call: reads + writes + transaction steps. */
async function cost<T>(runtime: LocalRuntime, run: () => Promise<T>): Promise<{ answer: T; requests: number }> {
  runtime.calls.clear()
  const answer = await run()
  const calls = runtime.calls.list()
  expect(calls).toHaveLength(1)
  const { reads, writes, transaction } = calls[0].db
  return { answer, requests: reads + writes + transaction }
}

describe('activities', () => {
  let runtime: LocalRuntime
  beforeEach(async () => {
    runtime = await activityRuntime()
  })
  afterEach(() => runtime.close())

  const call = (openid: string, data: Record<string, unknown>) => cost(runtime, () => runtime.call<any>('activity', openid, data))

  test.each([
    ['small', 4, 3],
    ['large', 400, 300],
  ])(
    '%s fill: signup ≤ 6 confirmed, ≤ 7 waitlisted; cancel promoting the next ≤ 8; my signups ≤ 4',
    async (_fill, capacity, waiting) => {
      const open = await createActivity(runtime, { capacity: capacity + 1 })
      const full = await createActivity(runtime, {
        capacity,
        startAt: Date.parse('2027-03-04T01:00:00Z'),
        endAt: Date.parse('2027-03-04T04:00:00Z'),
      })
      const people = await addVolunteers(runtime, capacity + waiting + 1)
      const [me, ...others] = people
      for (const openid of others.slice(0, capacity))
        expectOk(await runtime.call('activity', openid, { action: 'signup', activityId: open.id }))
      for (const openid of others) expectOk(await runtime.call('activity', openid, { action: 'signup', activityId: full.id }))

      const confirmed = await call(me, { action: 'signup', activityId: open.id })
      expect(expectOk<any>(confirmed.answer).status).toBe('confirmed')
      expect(confirmed.requests).toBeLessThanOrEqual(6)

      const waitlisted = await call(me, { action: 'signup', activityId: full.id })
      expect(expectOk<any>(waitlisted.answer)).toMatchObject({ status: 'waitlisted', waitlistPosition: waiting + 1 })
      expect(waitlisted.requests).toBeLessThanOrEqual(7)

      const cancel = await call(others[0], { action: 'cancelSignup', activityId: full.id })
      const { detail } = expectOk<any>(cancel.answer)
      expect(cancel.requests).toBeLessThanOrEqual(8)
      // The answer is the page shown next, the waitlist's exact length included (one fewer: promoted).
      expect(detail.waitlistCount).toBe(waiting)
      const fresh = expectOk<any>(await runtime.call('activity', others[0], { action: 'detail', activityId: full.id }))
      expect({ ...detail, now: 0 }).toEqual({ ...fresh, now: 0 })
      expect(
        expectOk<any>(await runtime.call('activity', others[capacity], { action: 'detail', activityId: full.id })).mySignup.status,
      ).toBe('confirmed')

      // A page of someone waiting for 20 activities, each with a long waitlist ahead of them.
      const mine = await call(me, { action: 'mySignups', filter: 'waitlisted' })
      expect(expectOk<any>(mine.answer).items[0]).toMatchObject({ status: 'waitlisted', waitlistPosition: waiting })
      expect(mine.requests).toBeLessThanOrEqual(4)
    },
    60_000,
  )

  test('signup answers the detail view the screen shows next: the same as asking for it again', async () => {
    const created = await createActivity(runtime, { capacity: 1 })
    const [first, second] = await addVolunteers(runtime, 2)
    for (const [openid, status] of [
      [first, 'confirmed'],
      [second, 'waitlisted'],
      [second, 'waitlisted'],
    ]) {
      const answer = expectOk<any>(await runtime.call('activity', openid, { action: 'signup', activityId: created.id }))
      expect(answer.status).toBe(status)
      const fresh = expectOk<any>(await runtime.call('activity', openid, { action: 'detail', activityId: created.id }))
      expect({ ...answer.detail, now: 0 }).toEqual({ ...fresh, now: 0 })
    }
  })

  test('cancelling answers the detail view the screen shows next, whatever it leaves; a cancel without a promotion is ≤ 8 too', async () => {
    const created = await createActivity(runtime, { capacity: 2 })
    const clashing = await createActivity(runtime, { capacity: 5, title: '同一时间的另一场' })
    const [a, b, c, d, e] = await addVolunteers(runtime, 5)
    for (const openid of [a, b, c, d]) expectOk(await runtime.call('activity', openid, { action: 'signup', activityId: created.id }))
    const sameAsAsking = async (openid: string, expected: { waitlistCount: number; seatsLeft: number }) => {
      const measured = await call(openid, { action: 'cancelSignup', activityId: created.id })
      const { detail } = expectOk<any>(measured.answer)
      expect(measured.requests).toBeLessThanOrEqual(8)
      expect(detail).toMatchObject({ mySignup: null, waitlistCount: expected.waitlistCount, activity: { seatsLeft: expected.seatsLeft } })
      const fresh = expectOk<any>(await runtime.call('activity', openid, { action: 'detail', activityId: created.id }))
      expect({ ...detail, now: 0 }).toEqual({ ...fresh, now: 0 })
    }
    await sameAsAsking(d, { waitlistCount: 1, seatsLeft: 0 }) // leaves the waitlist
    await sameAsAsking(d, { waitlistCount: 1, seatsLeft: 0 }) // again: the same answer
    // c waits but is now confirmed elsewhere at the same time: nobody can take the seat.
    expectOk(await runtime.call('activity', c, { action: 'signup', activityId: clashing.id }))
    await sameAsAsking(a, { waitlistCount: 1, seatsLeft: 1 })
    await sameAsAsking(b, { waitlistCount: 1, seatsLeft: 2 }) // nobody left to take it
    // e signs up and someone waits again: e's seat passes on to the waiting person.
    expectOk(await runtime.call('activity', e, { action: 'signup', activityId: created.id }))
    expectOk(await runtime.call('activity', 'local-organizer', { action: 'signup', activityId: created.id }))
    expectOk(await runtime.call('activity', a, { action: 'signup', activityId: created.id }))
    await sameAsAsking(e, { waitlistCount: 1, seatsLeft: 0 })
    // The organizer's own view (their actions on the page) comes from the record read on the way.
    const organizer = expectOk<any>((await call('local-organizer', { action: 'cancelSignup', activityId: created.id })).answer)
    expect(organizer.detail).toMatchObject({ isOrganizer: true, manage: { cancel: true } })
  }, 60_000)

  test('my signups: a page of 20 waitlisted activities is ≤ 4 requests', async () => {
    const [me, ahead] = await addVolunteers(runtime, 2)
    for (let i = 0; i < 20; i++) {
      const start = Date.parse('2027-03-05T01:00:00Z') + i * 86400_000
      const created = await createActivity(runtime, {
        capacity: 1,
        hours: 1,
        startAt: start,
        endAt: start + 3600_000,
        signupDeadline: start - 3600_000,
      })
      expectOk(await runtime.call('activity', ahead, { action: 'signup', activityId: created.id }))
      expectOk(await runtime.call('activity', me, { action: 'signup', activityId: created.id }))
    }
    const mine = await call(me, { action: 'mySignups', filter: 'waitlisted', pageSize: 20 })
    const { items } = expectOk<any>(mine.answer)
    expect(items).toHaveLength(20)
    expect(items.every((item: any) => item.waitlistPosition === 1)).toBe(true)
    expect(mine.requests).toBeLessThanOrEqual(4)
  }, 60_000)
})

describe('bookcase', () => {
  type Bookcase = Awaited<ReturnType<typeof createBookcase>>

  /** Opens `door` for a worker with a deposit, takes `take` books out, and measures the door close. */
  async function closeCost(bookcase: Bookcase, openid: string, door: number, take: number) {
    const { runtime, simulator } = bookcase
    await bookcase.payDeposit(openid)
    const db = runtime.cloud.sdkFor({ OPENID: '', SOURCE: 'test' }).database()
    const { data } = await db
      .collection('cabinetDoors')
      .where({ _id: `cabinet-1-${door}` })
      .get()
    const tags: string[] = data[0].tags.slice(0, take)
    expect(tags).toHaveLength(take)
    const { sessionId } = ok<any>(await runtime.call('bookcase', openid, { action: 'openDoor', cabinetId: 'cabinet-1', door }))
    for (const tag of tags) await simulator.take('cabinet-1', door, tag)
    const { requests } = await cost(runtime, () => simulator.close('cabinet-1', door))
    const session = ok<any>(await runtime.call('bookcase', openid, { action: 'session', sessionId }))
    expect(session.borrowed).toHaveLength(take)
    return { requests, tags }
  }

  /** Someone opens a return door, puts `tags` in, and the door close is measured. */
  async function returnCost(bookcase: Bookcase, returner: string, tags: string[]) {
    const { runtime, simulator } = bookcase
    const opened = ok<any>(await runtime.call('bookcase', returner, { action: 'openReturnDoor', cabinetId: 'cabinet-2' }))
    for (const tag of tags) await simulator.put('cabinet-2', opened.door, tag)
    const { requests } = await cost(runtime, () => simulator.close('cabinet-2', opened.door))
    const session = ok<any>(await runtime.call('bookcase', returner, { action: 'session', sessionId: opened.sessionId }))
    expect(session.returned).toHaveLength(tags.length)
    return requests
  }

  /** Loans (a third still out), books, doors, accounts and cabinets of other people and places: what a close must not read. */
  async function fill(bookcase: Bookcase, rows: number) {
    const db = bookcase.runtime.cloud.sdkFor({ OPENID: '', SOURCE: 'test' }).database()
    const now = bookcase.runtime.clock.now()
    const edition = { isbn: '9787506365437', title: '活着' }
    const docs = (i: number) => {
      const out = i % 3 === 0
      return {
        cabinets: { _id: `fill-cabinet-${i}`, name: '书柜', place: '站厅', lastSeenAt: now, doorCount: 1, secret: 'x', createdAt: now },
        cabinetDoors: {
          _id: `fill-cabinet-${i}-1`,
          cabinetId: `fill-cabinet-${i}`,
          door: 1,
          capacity: 4,
          tags: out ? [] : [`FILL${i}`],
          unknownTags: [],
          open: false,
          sessionId: null,
          heldUntil: new Date(0),
        },
        books: {
          _id: `FILL${i}`,
          ...edition,
          author: '余华',
          cover: '',
          status: out ? 'onLoan' : 'shelved',
          cabinetId: out ? null : `fill-cabinet-${i}`,
          door: out ? null : 1,
          loanId: `fill-loan-${i}`,
          registeredAt: now,
        },
        loans: {
          _id: `fill-loan-${i}`,
          openid: `fill-${i % 50}`,
          tag: `FILL${i}`,
          ...edition,
          openTag: out ? `FILL${i}` : `fill-loan-${i}`,
          status: out ? 'onLoan' : 'returned',
          borrowedAt: now,
          dueAt: now,
          borrowCabinetId: 'cabinet-1',
          sessionId: `fill-${i}`,
          overLimit: false,
          returnedAt: out ? null : now,
          returnCabinetId: out ? null : 'cabinet-1',
          fee: 0,
          feeDeducted: 0,
          feeOwed: 0,
          waived: false,
          year: 2026,
          remindedOn: null,
        },
        ...(i < 50
          ? {
              depositAccounts: {
                _id: `fill-${i}`,
                balance: 4500,
                owedFee: 0,
                status: 'active',
                activeLoans: 2,
                totalLoans: 60,
                updatedAt: now,
              },
            }
          : {}),
      }
    }
    for (let i = 0; i < rows; i += 100)
      await Promise.all(
        Array.from({ length: Math.min(100, rows - i) }, (_, k) => docs(i + k)).flatMap((set) =>
          Object.entries(set).map(([name, data]) => db.collection(name).add({ data })),
        ),
      )
  }

  test.each([
    ['small', 0],
    ['large', 3000],
  ])(
    '%s fill: a door close ≤ 10 requests with one book borrowed, returned on time or late; each further book ≤ 3 more',
    async (_fill, rows) => {
      const bookcase = await createBookcase()
      try {
        await fill(bookcase, rows)
        // The first loan ever made at a cabinet creates its loan counter (one request more, once per cabinet).
        const earlier = await closeCost(bookcase, 'local-volunteer-3', 3, 1)
        const borrowOne = await closeCost(bookcase, 'local-volunteer-1', 1, 1)
        const borrowTwo = await closeCost(bookcase, 'local-volunteer-2', 2, 2)
        expect(borrowOne.requests).toBeLessThanOrEqual(10)
        expect(borrowTwo.requests - borrowOne.requests).toBeLessThanOrEqual(3)

        // Returned on time by someone else (anyone may return a book), then two weeks late with a fee.
        const onTime = await returnCost(bookcase, 'local-volunteer-4', borrowOne.tags)
        expect(onTime).toBeLessThanOrEqual(10)
        await bookcase.advance(20 * DAY)
        const lateOne = await returnCost(bookcase, 'local-volunteer-4', earlier.tags)
        const lateTwo = await returnCost(bookcase, 'local-volunteer-4', borrowTwo.tags)
        expect(lateOne).toBeLessThanOrEqual(10)
        expect(lateTwo - lateOne).toBeLessThanOrEqual(3)
        expect(await bookcase.account('local-volunteer-2')).toMatchObject({ balance: 4500 - 2 * 500, activeLoans: 0 })
      } finally {
        await bookcase.runtime.close()
      }
    },
    60_000,
  )

  test('my loans ≤ 4 requests', async () => {
    const bookcase = await createBookcase()
    try {
      await closeCost(bookcase, 'local-volunteer-2', 2, 2)
      const loans = await cost(bookcase.runtime, () => bookcase.runtime.call('bookcase', 'local-volunteer-2', { action: 'myLoans' }))
      expect(ok<any>(loans.answer).current).toHaveLength(2)
      expect(loans.requests).toBeLessThanOrEqual(4)
    } finally {
      await bookcase.runtime.close()
    }
  })
})

describe('counseling', () => {
  test('book ≤ 8 requests; my bookings ≤ 4', async () => {
    const runtime = await counselingRuntime()
    try {
      await book(runtime, 'local-volunteer-2', at('2026-11-24', '09:00'))
      const booked = await cost(runtime, () =>
        runtime.call('counseling', 'local-volunteer-1', {
          action: 'book',
          counselorId: 'counselor-1',
          start: at('2026-11-24', '10:00').toISOString(),
          mode: 'online',
          topic: '情绪压力',
          description: '最近工作压力大',
          phone: '13812345678',
          consent: { version: '2026-11' },
        }),
      )
      expectOk(booked.answer)
      expect(booked.requests).toBeLessThanOrEqual(8)
      const mine = await cost(runtime, () => runtime.call('counseling', 'local-volunteer-1', { action: 'myBookings', scope: 'upcoming' }))
      expectOk(mine.answer)
      expect(mine.requests).toBeLessThanOrEqual(4)
    } finally {
      await runtime.close()
    }
  })
})
