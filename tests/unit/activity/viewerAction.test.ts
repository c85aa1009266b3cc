import { viewerAction, type ViewerState } from '../../../domain/activity/viewerAction'
import { HOUR_MS, MINUTE_MS, shanghaiInstant } from '../../../domain/time'

const start = shanghaiInstant('2027-03-03', '09:00')
const base: ViewerState = {
  activity: {
    status: 'published',
    startAt: start,
    endAt: new Date(start.getTime() + 3 * HOUR_MS),
    signupDeadline: new Date(start.getTime() - 24 * HOUR_MS),
    seatsLeft: 3,
  },
  signup: null,
  profileComplete: true,
  now: shanghaiInstant('2027-03-01', '10:00'),
}
const at = (ms: number) => new Date(start.getTime() + ms)
const kind = (change: Partial<ViewerState>, activity: Partial<ViewerState['activity']> = {}) =>
  viewerAction({ ...base, ...change, activity: { ...base.activity, ...activity } })

test('before the deadline: 报名, or 候补 when full, or 完善资料 first', () => {
  expect(kind({})).toEqual({ kind: 'signup', label: '报名', enabled: true })
  expect(kind({}, { seatsLeft: 0 }).kind).toBe('joinWaitlist')
  expect(kind({ profileComplete: false }).kind).toBe('completeProfile')
})

test('after the deadline: 已截止; after the end: 已结束; cancelled and drafts say so', () => {
  expect(kind({ now: base.activity.signupDeadline })).toMatchObject({ kind: 'deadlinePassed', label: '已截止', enabled: false })
  expect(kind({ now: at(4 * HOUR_MS) }).kind).toBe('activityEnded')
  expect(kind({}, { status: 'cancelled' }).kind).toBe('activityCancelled')
  expect(kind({}, { status: 'draft' }).kind).toBe('notPublished')
})

test('a confirmed person: cancel until 2 h before, then 已报名, 签到 in the window, 签退 after check-in, 已签退 at last', () => {
  const confirmed = { status: 'confirmed' as const, checkedInAt: null, checkedOutAt: null }
  expect(kind({ signup: confirmed, now: at(-2 * HOUR_MS) }).kind).toBe('cancelSignup')
  expect(kind({ signup: confirmed, now: at(-2 * HOUR_MS + MINUTE_MS) })).toMatchObject({ kind: 'signedUp', enabled: false })
  expect(kind({ signup: confirmed, now: at(-30 * MINUTE_MS) }).kind).toBe('checkin')
  expect(kind({ signup: { ...confirmed, checkedInAt: at(0) }, now: at(HOUR_MS) }).kind).toBe('checkout')
  expect(kind({ signup: { ...confirmed, checkedInAt: at(0), checkedOutAt: at(HOUR_MS) }, now: at(HOUR_MS) }).kind).toBe('attended')
})

test('a waitlisted person sees their place', () => {
  expect(kind({ signup: { status: 'waitlisted' } }).label).toBe('取消候补')
})
