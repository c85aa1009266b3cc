import {
  canOrganizerCheckIn,
  checkSignupCancel,
  checkinWindow,
  decideScan,
  decideSignup,
  isInCheckinWindow,
  isNoShow,
  promotionOrder,
  type SignupRequest,
} from '../../../domain/activity'
import { MINUTE_MS, HOUR_MS, shanghaiInstant } from '../../../domain/time'

const at = (time: string, date = '2026-11-23') => shanghaiInstant(date, time)
const ms = (d: Date, delta: number) => new Date(d.getTime() + delta)

const activity = {
  status: 'published' as const,
  startAt: at('09:00'),
  endAt: at('11:00'),
  signupDeadline: at('18:00', '2026-11-22'),
  capacity: 2,
}
const base: SignupRequest = { activity, now: at('10:00', '2026-11-21'), profileComplete: true, confirmedCount: 0 }

describe('decideSignup', () => {
  it('confirms while seats are left, then waitlists', () => {
    expect(decideSignup(base)).toEqual({ ok: true, status: 'confirmed', repeated: false })
    expect(decideSignup({ ...base, confirmedCount: 1 })).toMatchObject({ status: 'confirmed' })
    expect(decideSignup({ ...base, confirmedCount: 2 })).toMatchObject({ ok: true, status: 'waitlisted' })
    expect(decideSignup({ ...base, confirmedCount: 5 })).toMatchObject({ ok: true, status: 'waitlisted' })
  })

  it('the deadline is exclusive', () => {
    expect(decideSignup({ ...base, now: ms(activity.signupDeadline, -1) }).ok).toBe(true)
    expect(decideSignup({ ...base, now: activity.signupDeadline })).toEqual({
      ok: false,
      code: 'DEADLINE_PASSED',
      message: '报名已于 11月22日 周日 18:00 截止',
    })
  })

  it('needs a published activity and a complete profile', () => {
    expect(decideSignup({ ...base, activity: { ...activity, status: 'draft' } })).toMatchObject({
      ok: false,
      code: 'CONFLICT',
      message: '活动未开放报名',
    })
    expect(decideSignup({ ...base, activity: { ...activity, status: 'cancelled' } })).toMatchObject({
      ok: false,
      code: 'CONFLICT',
      message: '活动已取消',
    })
    expect(decideSignup({ ...base, profileComplete: false })).toMatchObject({ ok: false, code: 'PROFILE_INCOMPLETE' })
  })

  it('refuses overlap with a confirmed activity, not back-to-back ones', () => {
    const clash = { start: at('10:30'), end: at('12:00'), title: '社区关爱' }
    expect(decideSignup({ ...base, otherConfirmed: [clash] })).toEqual({
      ok: false,
      code: 'TIME_CONFLICT',
      message: '与「社区关爱」（11月23日 周一 10:30–12:00）时间冲突',
    })
    expect(
      decideSignup({
        ...base,
        otherConfirmed: [
          { start: at('11:00'), end: at('12:00') },
          { start: at('07:00'), end: at('09:00') },
        ],
      }).ok,
    ).toBe(true)
  })

  it('a repeat answers as the first time, even after the deadline; a cancelled signup may sign up again', () => {
    expect(decideSignup({ ...base, now: at('08:00'), existing: { status: 'waitlisted' } })).toEqual({
      ok: true,
      status: 'waitlisted',
      repeated: true,
    })
    expect(decideSignup({ ...base, existing: { status: 'confirmed' }, confirmedCount: 2 })).toEqual({
      ok: true,
      status: 'confirmed',
      repeated: true,
    })
    expect(decideSignup({ ...base, existing: { status: 'cancelled' }, confirmedCount: 2 })).toEqual({
      ok: true,
      status: 'waitlisted',
      repeated: false,
    })
  })
})

describe('checkSignupCancel', () => {
  it('a confirmed seat until exactly 2 h before start', () => {
    expect(checkSignupCancel(activity, 'confirmed', at('07:00')).ok).toBe(true)
    expect(checkSignupCancel(activity, 'confirmed', ms(at('07:00'), 1))).toEqual({
      ok: false,
      code: 'TOO_LATE_TO_CANCEL',
      message: '活动开始前 2 小时内不能取消报名',
    })
  })

  it('a waitlist place until the start', () => {
    expect(checkSignupCancel(activity, 'waitlisted', ms(at('09:00'), -1)).ok).toBe(true)
    expect(checkSignupCancel(activity, 'waitlisted', at('09:00')).ok).toBe(true)
    expect(checkSignupCancel(activity, 'waitlisted', ms(at('09:00'), 1))).toMatchObject({ ok: false, code: 'TOO_LATE_TO_CANCEL' })
  })

  it('nothing to cancel on a cancelled activity; an already cancelled signup is fine', () => {
    expect(checkSignupCancel({ ...activity, status: 'cancelled' }, 'confirmed', at('06:00'))).toMatchObject({ ok: false, code: 'CONFLICT' })
    expect(checkSignupCancel(activity, 'cancelled', at('10:00'))).toEqual({ ok: true })
  })

  it('respects a configured cutoff', () => {
    const config = { cancelCutoffMs: 24 * HOUR_MS, checkinOpensBeforeStartMs: 30 * MINUTE_MS, tokenStepMs: 30000, capacityMax: 10000 }
    expect(checkSignupCancel(activity, 'confirmed', at('10:00', '2026-11-22'), config)).toMatchObject({
      ok: false,
      message: '活动开始前 24 小时内不能取消报名',
    })
  })
})

describe('promotionOrder', () => {
  it('the waitlist by arrival (seq, not the signup time), ties by id, skipping those now in conflict', () => {
    const signedUpAt = new Date(Date.UTC(2026, 10, 20, 0, 0))
    const list = [
      { id: 'c', seq: 5, signedUpAt },
      { id: 'b', seq: 1, signedUpAt: new Date(signedUpAt.getTime() + 60_000) },
      { id: 'a', seq: 1, signedUpAt: new Date(signedUpAt.getTime() + 60_000) },
    ]
    expect(promotionOrder(list).map((e) => e.id)).toEqual(['a', 'b', 'c'])
    expect(promotionOrder(list, (e) => e.id === 'a').map((e) => e.id)).toEqual(['b', 'c'])
    expect(promotionOrder(list, () => true)).toEqual([])
    expect(promotionOrder([])).toEqual([])
    expect(list.map((e) => e.id)).toEqual(['c', 'b', 'a'])
  })
})

describe('check-in window and scans', () => {
  const signup = { status: 'confirmed' as const, checkedInAt: null, checkedOutAt: null }

  it('opens 30 min before start and closes at the end, both included', () => {
    expect(checkinWindow(activity)).toEqual({ start: at('08:30'), end: at('11:00') })
    expect(isInCheckinWindow(activity, ms(at('08:30'), -1))).toBe(false)
    expect(isInCheckinWindow(activity, at('08:30'))).toBe(true)
    expect(isInCheckinWindow(activity, at('11:00'))).toBe(true)
    expect(isInCheckinWindow(activity, ms(at('11:00'), 1))).toBe(false)
  })

  it('a check-in outside the window says when it opens', () => {
    expect(decideScan('checkin', { activity, signup, now: at('08:29') })).toEqual({
      ok: false,
      code: 'NOT_IN_WINDOW',
      message: '签到时间为 11月23日 周一 08:30 至 11:00',
    })
    expect(decideScan('checkin', { activity, signup, now: at('08:30') })).toEqual({ ok: true, repeated: false })
  })

  it('needs a confirmed seat', () => {
    expect(decideScan('checkin', { activity, signup: null, now: at('09:00') })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
      message: '您没有报名该活动',
    })
    expect(decideScan('checkin', { activity, signup: { status: 'waitlisted' }, now: at('09:00') })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    })
    expect(decideScan('checkin', { activity: { ...activity, status: 'cancelled' }, signup, now: at('09:00') })).toMatchObject({
      ok: false,
      code: 'CONFLICT',
    })
  })

  it('repeats are answered as before; check-out needs a check-in', () => {
    expect(decideScan('checkin', { activity, signup: { ...signup, checkedInAt: at('08:40') }, now: at('12:00') })).toEqual({
      ok: true,
      repeated: true,
    })
    expect(decideScan('checkout', { activity, signup, now: at('10:00') })).toEqual({ ok: false, code: 'CONFLICT', message: '请先签到' })
    expect(decideScan('checkout', { activity, signup: { ...signup, checkedInAt: at('08:40') }, now: at('11:00') })).toEqual({
      ok: true,
      repeated: false,
    })
    expect(decideScan('checkout', { activity, signup: { ...signup, checkedInAt: at('08:40') }, now: ms(at('11:00'), 1) })).toMatchObject({
      code: 'NOT_IN_WINDOW',
    })
    // A finished activity (the cron may run exactly at the end) still takes a check-out in the window.
    expect(
      decideScan('checkout', {
        activity: { ...activity, status: 'finished' },
        signup: { ...signup, checkedInAt: at('08:40') },
        now: at('11:00'),
      }).ok,
    ).toBe(true)
  })

  it('organizers check in by hand from the window on, also after the end; no-shows after the end', () => {
    expect(canOrganizerCheckIn(activity, at('08:29'))).toBe(false)
    expect(canOrganizerCheckIn(activity, at('15:00'))).toBe(true)
    expect(canOrganizerCheckIn({ ...activity, status: 'cancelled' }, at('10:00'))).toBe(false)
    expect(isNoShow(signup, activity, ms(at('11:00'), -1))).toBe(false)
    expect(isNoShow(signup, activity, at('11:00'))).toBe(true)
    expect(isNoShow({ ...signup, checkedInAt: at('09:00') }, activity, at('12:00'))).toBe(false)
    expect(isNoShow({ status: 'waitlisted' }, activity, at('12:00'))).toBe(false)
  })
})
