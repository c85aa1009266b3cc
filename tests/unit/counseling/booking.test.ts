import { makeConfig } from '../../../domain/config'
import {
  BOOKING_STATUSES,
  CRISIS_HOTLINE,
  CRISIS_MESSAGE,
  canTransitionBooking,
  checkBookingLimit,
  checkConsent,
  checkCounselorCancel,
  checkNotSuspended,
  checkOutcome,
  checkReschedule,
  checkWorkerCancel,
  detectCrisis,
  isUpcomingBooking,
  suspendedUntil,
  validateIntake,
  type BookingStatus,
} from '../../../domain/counseling'
import { DAY_MS, HOUR_MS, shanghaiInstant } from '../../../domain/time'

const start = shanghaiInstant('2026-11-24', '10:00')
const shift = (d: Date, ms: number) => new Date(d.getTime() + ms)

describe('booking transitions', () => {
  const allowed = new Set([
    'pending→confirmed',
    'pending→declined',
    'pending→cancelled',
    'confirmed→completed',
    'confirmed→no_show',
    'confirmed→cancelled',
  ])
  it('exactly the documented ones', () => {
    for (const from of BOOKING_STATUSES) {
      for (const to of BOOKING_STATUSES)
        expect([`${from}→${to}`, canTransitionBooking(from, to)]).toEqual([`${from}→${to}`, allowed.has(`${from}→${to}`)])
    }
  })
})

describe('upcoming bookings and the limit of 2', () => {
  it('pending and confirmed bookings hold until their end', () => {
    const b = (status: BookingStatus) => ({ status, end: shift(start, 50 * 60_000) })
    expect(isUpcomingBooking(b('pending'), start)).toBe(true)
    expect(isUpcomingBooking(b('confirmed'), shift(start, 49 * 60_000))).toBe(true)
    expect(isUpcomingBooking(b('confirmed'), shift(start, 50 * 60_000))).toBe(false)
    expect(isUpcomingBooking(b('cancelled'), start)).toBe(false)
    expect(isUpcomingBooking(b('declined'), start)).toBe(false)
  })

  it('BOOKING_LIMIT from the second one held', () => {
    expect(checkBookingLimit(0)).toEqual({ ok: true })
    expect(checkBookingLimit(1)).toEqual({ ok: true })
    expect(checkBookingLimit(2)).toEqual({ ok: false, code: 'BOOKING_LIMIT', message: '最多同时保留 2 个未完成的预约' })
    expect(checkBookingLimit(2, makeConfig({ counseling: { maxUpcomingBookings: 3 } }).counseling)).toEqual({ ok: true })
  })
})

describe('cancel and reschedule', () => {
  const confirmed = { status: 'confirmed' as const, start, rescheduleCount: 0 }

  it('the worker until exactly 12 h before start', () => {
    expect(checkWorkerCancel(confirmed, shift(start, -12 * HOUR_MS))).toEqual({ ok: true })
    expect(checkWorkerCancel(confirmed, shift(start, -12 * HOUR_MS + 1))).toMatchObject({ ok: false, code: 'TOO_LATE_TO_CANCEL' })
    expect(checkWorkerCancel({ ...confirmed, status: 'pending' }, shift(start, -HOUR_MS))).toMatchObject({ code: 'TOO_LATE_TO_CANCEL' })
    expect(checkWorkerCancel({ ...confirmed, status: 'completed' }, shift(start, -DAY_MS))).toMatchObject({ ok: false, code: 'CONFLICT' })
  })

  it('the counselor any time before an outcome, with a reason', () => {
    expect(checkCounselorCancel(confirmed, '临时出差')).toEqual({ ok: true })
    expect(checkCounselorCancel(confirmed, '   ')).toEqual({ ok: false, code: 'INVALID_ARGUMENT', message: '请填写取消原因' })
    expect(checkCounselorCancel(confirmed, '因'.repeat(201))).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' })
    expect(checkCounselorCancel({ status: 'no_show' }, '原因')).toMatchObject({ ok: false, code: 'CONFLICT' })
  })

  it('reschedule: the 12 h rule and at most 2 times', () => {
    const early = shift(start, -DAY_MS)
    expect(checkReschedule(confirmed, early)).toEqual({ ok: true })
    expect(checkReschedule({ ...confirmed, rescheduleCount: 1 }, early)).toEqual({ ok: true })
    expect(checkReschedule({ ...confirmed, rescheduleCount: 2 }, early)).toEqual({
      ok: false,
      code: 'RESCHEDULE_LIMIT',
      message: '每个预约最多改期 2 次',
    })
    expect(checkReschedule(confirmed, shift(start, -HOUR_MS))).toMatchObject({ code: 'TOO_LATE_TO_CANCEL' })
  })

  it('outcomes only for confirmed bookings, from the start on', () => {
    expect(checkOutcome(confirmed, 'completed', shift(start, -1))).toMatchObject({ ok: false, code: 'NOT_IN_WINDOW' })
    expect(checkOutcome(confirmed, 'no_show', start)).toEqual({ ok: true })
    expect(checkOutcome({ status: 'pending', start }, 'completed', start)).toMatchObject({ ok: false, code: 'CONFLICT' })
  })
})

describe('no-show suspension (3 within 90 days → 30 days from the 3rd)', () => {
  const d = (day: number) => shift(start, day * DAY_MS)

  it('suspends for 30 days from the third no-show', () => {
    const noShows = [d(0), d(40), d(80)]
    expect(suspendedUntil(noShows, d(80))).toEqual(d(110))
    expect(suspendedUntil(noShows, shift(d(110), -1))).toEqual(d(110))
    expect(suspendedUntil(noShows, d(110))).toBeNull()
    expect(suspendedUntil(noShows.slice(0, 2), d(80))).toBeNull()
  })

  it('the 90-day window includes its end and not a day more', () => {
    expect(suspendedUntil([d(0), d(45), d(90)], d(91))).toEqual(d(120))
    expect(suspendedUntil([d(0), d(45), shift(d(90), 1)], d(91))).toBeNull()
  })

  it('slides: a later no-show with two others in its window suspends again', () => {
    const noShows = [d(0), d(10), d(20), d(60)]
    expect(suspendedUntil(noShows, d(30))).toEqual(d(50))
    expect(suspendedUntil(noShows, d(55))).toBeNull()
    expect(suspendedUntil(noShows, d(60))).toEqual(d(90))
  })

  it('ignores order and no-shows after `now`; follows configuration', () => {
    expect(suspendedUntil([d(20), d(0), d(10)], d(21))).toEqual(d(50))
    expect(suspendedUntil([d(0), d(10), d(20)], d(15))).toBeNull()
    const config = makeConfig({ counseling: { noShowThreshold: 2, noShowWindowMs: 30 * DAY_MS, suspensionMs: 7 * DAY_MS } }).counseling
    expect(suspendedUntil([d(0), d(30)], d(31), config)).toEqual(d(37))
    expect(suspendedUntil([d(0), d(31)], d(32), config)).toBeNull()
  })

  it('tells the worker why and until when', () => {
    const noShows = [shanghaiInstant('2026-10-01', '09:00'), shanghaiInstant('2026-10-15', '09:00'), shanghaiInstant('2026-11-01', '09:00')]
    expect(checkNotSuspended(noShows, shanghaiInstant('2026-11-10', '12:00'))).toEqual({
      ok: false,
      code: 'SUSPENDED',
      message: '90 天内爽约 3 次，12月1日 周二 09:00 前暂停预约',
    })
    expect(checkNotSuspended(noShows, shanghaiInstant('2026-12-01', '09:00'))).toEqual({ ok: true })
  })
})

describe('crisis detection', () => {
  it.each([
    '最近总想自杀',
    '自～杀',
    '不，想，活',
    '（轻生）',
    '我有轻生的念头',
    '真的不想活了',
    '想死',
    '想结束生命',
    '活不下去了',
    '割腕',
    '想跳楼',
    '不 想 活',
    '自-杀',
    '我想自殺',
    'I want to kill myself',
  ])('flags %j as urgent', (text) => {
    expect(detectCrisis(text).urgent).toBe(true)
  })

  it.each(['工作压力大，睡不好', '和同事关系紧张', '活动很有意思', ''])('does not flag %j', (text) => {
    expect(detectCrisis(text)).toEqual({ urgent: false, matched: [] })
  })

  it('looks at topic and description together and reports what matched', () => {
    expect(detectCrisis('情绪低落', undefined, '有时候觉得活不下去，想过割腕')).toEqual({ urgent: true, matched: ['活不下去', '割腕'] })
    expect(detectCrisis(null, undefined)).toEqual({ urgent: false, matched: [] })
  })

  it('the hotline is 12356 and the message shows it', () => {
    expect(CRISIS_HOTLINE).toBe('12356')
    expect(CRISIS_MESSAGE).toContain('12356')
  })
})

describe('intake and consent', () => {
  const intake = { mode: 'online', topic: '职场压力', description: '最近加班多', phone: '13800138000' }

  it('accepts a complete intake with an offered mode', () => {
    expect(validateIntake(intake, ['online', 'in_person'])).toEqual({})
    expect(validateIntake({ ...intake, nickname: '小王' }, ['online'])).toEqual({})
  })

  it('names each problem', () => {
    expect(
      validateIntake({ mode: 'in_person', topic: '', description: '述'.repeat(501), nickname: '名'.repeat(21), phone: '123' }, ['online']),
    ).toEqual({
      mode: '该咨询师不提供面询咨询',
      topic: '请选择或填写咨询主题',
      description: '情况描述不能超过 500 字',
      nickname: '昵称不能超过 20 字',
      phone: '联系电话应为 11 位手机号',
    })
    expect(validateIntake({ ...intake, mode: 'phone' }, ['online']).mode).toBe('请选择咨询方式')
  })

  it('consent is an explicit true', () => {
    expect(checkConsent(true)).toEqual({ ok: true })
    for (const v of [false, 'true', 1, undefined]) expect(checkConsent(v)).toMatchObject({ ok: false, code: 'CONSENT_REQUIRED' })
  })
})
