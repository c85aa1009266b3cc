/**
 * DB requests per action (issue 13), counted where CloudBase bills them: each request reaching the
 * database service. Each limit holds at a small and a large fill level, so the count stays constant
 * as data grows.
 */
import type { LocalRuntime } from '../../local-cloud/runtime'
import { expectOk } from '../support/runtime'
import { activityRuntime, addVolunteers, createActivity } from './activity/support'
import { createBookcase, expectOk as ok } from './bookcase/support'
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
      expectOk(cancel.answer)
      expect(cancel.requests).toBeLessThanOrEqual(8)
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
  /** Opens `door` for a worker with a deposit, takes `take` books out, and measures the door close. */
  async function closeCost(bookcase: Awaited<ReturnType<typeof createBookcase>>, openid: string, door: number, take: number) {
    const { runtime, simulator } = bookcase
    await bookcase.payDeposit(openid)
    const db = runtime.cloud.sdkFor({ OPENID: '', SOURCE: 'test' }).database()
    const { data } = await db
      .collection('cabinetDoors')
      .where({ _id: `cabinet-1-${door}` })
      .get()
    const tags: string[] = data[0].tags.slice(0, take)
    expect(tags).toHaveLength(take)
    ok(await runtime.call('bookcase', openid, { action: 'openDoor', cabinetId: 'cabinet-1', door }))
    for (const tag of tags) await simulator.take('cabinet-1', door, tag)
    return (await cost(runtime, () => simulator.close('cabinet-1', door))).requests
  }

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

  // NOT YET MET (issue 13 point 1): a door close is one transaction of 19 requests (+3 per further book); ≤ 10 needs
  // the event applied without a transaction. Marked failing so the suite says so until it holds.
  test.failing('a door close borrowing one book ≤ 10 requests, each further book ≤ 3 more', async () => {
    const bookcase = await createBookcase()
    try {
      const one = await closeCost(bookcase, 'local-volunteer-1', 1, 1)
      const two = await closeCost(bookcase, 'local-volunteer-2', 2, 2)
      expect(two - one).toBeLessThanOrEqual(3)
      expect(one).toBeLessThanOrEqual(10)
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
