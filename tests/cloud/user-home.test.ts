import type { LocalRuntime } from '../../local-cloud/runtime'
import { DAY_MS, HOUR_MS, MINUTE_MS, shanghaiInstant } from '../../domain/time'
import { createTestRuntime, expectOk } from '../support/runtime'
import { createActivity } from './activity/support'
import { bookingRequest } from './counseling/support'

/** Monday 2027-03-01 10:00 Shanghai, as the activity tests use. */
const T0 = shanghaiInstant('2027-03-01', '10:00')
const VOLUNTEER = 'local-volunteer-3'

let runtime: LocalRuntime
const home = (openid: string) => runtime.call<any>('user', openid, { action: 'home' })

beforeEach(async () => {
  runtime = await createTestRuntime({ at: T0 })
})
afterEach(() => runtime.close())

test('a new worker has nothing next and is asked to complete the profile', async () => {
  expect(expectOk(await home('wx-brand-new'))).toEqual({
    profileComplete: false,
    nextActivity: null,
    loans: [],
    nextSession: null,
    unreadMessages: 0,
  })
})

test('one call shows the next activity, the books on loan with fee so far, and the next session without its topic', async () => {
  const activity = await createActivity(runtime)
  expectOk(await runtime.call('activity', VOLUNTEER, { action: 'signup', activityId: activity.id }))

  const db = runtime.cloud.sdkFor({ OPENID: '', SOURCE: 'test' }).database()
  // Kept 19 days 23 hours when the test reads it (the local clock keeps running): 5 started days overdue.
  const borrowedAt = new Date(T0.getTime() - 20 * DAY_MS + HOUR_MS)
  await db.collection('loans').add({
    data: {
      openid: VOLUNTEER,
      tag: 'TAG-HOME-1',
      title: '平凡的世界',
      isbn: '9787530216781',
      openTag: 'TAG-HOME-1',
      status: 'onLoan',
      borrowedAt,
      dueAt: new Date(borrowedAt.getTime() + 15 * DAY_MS),
      borrowCabinetId: 'cabinet-1',
      sessionId: 'sess-home',
      overLimit: false,
      returnedAt: null,
      returnCabinetId: null,
      fee: 0,
      feeDeducted: 0,
      feeOwed: 0,
      waived: false,
      year: 2027,
    },
  })

  const { slots } = expectOk<any>(await runtime.call('counseling', VOLUNTEER, { action: 'slots', counselorId: 'counselor-1' }))
  expectOk(await runtime.call('counseling', VOLUNTEER, { ...bookingRequest(new Date(slots[0].start)), topic: '婚恋家庭' }))

  const data = expectOk<any>(await home(VOLUNTEER))
  expect(data.profileComplete).toBe(true)
  expect(data.nextActivity).toMatchObject({ title: '地铁站文明引导', checkinOpen: false, checkedIn: false })
  expect(data.loans).toEqual([expect.objectContaining({ title: '平凡的世界', overdueDays: 5, feeSoFar: 500 })])
  expect(data.nextSession).toEqual({ bookingId: expect.any(String), start: slots[0].start, status: 'pending' })
  expect(JSON.stringify(data)).not.toContain('婚恋家庭')
})

test('the check-in button appears once the window opens, 30 minutes before start', async () => {
  const activity = await createActivity(runtime)
  expectOk(await runtime.call('activity', VOLUNTEER, { action: 'signup', activityId: activity.id }))
  const start = shanghaiInstant('2027-03-03', '09:00')
  runtime.clock.set(new Date(start.getTime() - 31 * MINUTE_MS))
  expect(expectOk<any>(await home(VOLUNTEER)).nextActivity.checkinOpen).toBe(false)
  runtime.clock.set(new Date(start.getTime() - 30 * MINUTE_MS))
  expect(expectOk<any>(await home(VOLUNTEER)).nextActivity.checkinOpen).toBe(true)
})
