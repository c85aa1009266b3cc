/** domain/scheduling is any service's: a made-up 法律咨询 with 30-minute sessions and no buffer. */
import { checkUpcomingLimit, freeSlots, holdsTime, sessionsInWindow, validateAvailability } from '../../domain/scheduling'
import { DAY_MS, HOUR_MS, shanghaiInstant, shanghaiTime } from '../../domain/time'

const legal = { sessionMinutes: 30, bufferMinutes: 0, minNoticeMs: 2 * HOUR_MS, horizonMs: 7 * DAY_MS }
const MONDAY_8AM = shanghaiInstant('2026-11-23', '08:00')

test("a window is cut by the service's session and buffer", () => {
  expect(sessionsInWindow('2026-11-24', { start: '09:00', end: '10:45' }, legal).map((s) => shanghaiTime(s.start))).toEqual([
    '09:00',
    '09:30',
    '10:00',
  ])
  expect(
    sessionsInWindow('2026-11-24', { start: '09:00', end: '10:45' }, { ...legal, bufferMinutes: 15 }).map((s) => shanghaiTime(s.start)),
  ).toEqual(['09:00', '09:45'])
})

test('held slots, notice and horizon are the service’s', () => {
  const availability = { weekly: [{ weekday: 1 as const, start: '09:00', end: '11:00' }] }
  const held = [{ start: shanghaiInstant('2026-11-23', '10:30'), end: shanghaiInstant('2026-11-23', '11:00') }]
  // 08:00 + 2 h notice: 10:00 is the first; 10:30 is held; next Monday 09:00 is past the 7-day horizon.
  expect(freeSlots({ availability, booked: held, now: MONDAY_8AM }, legal).map((s) => s.start.toISOString())).toEqual([
    shanghaiInstant('2026-11-23', '10:00').toISOString(),
  ])
})

test('availability errors name the service’s session, and the limit is the service’s number', () => {
  expect(validateAvailability({ weekly: [{ weekday: 2, start: '09:00', end: '09:20' }] }, legal, '法律咨询')).toEqual({
    'weekly.0': '每周时段：时段不足一次法律咨询（30 分钟）',
  })
  expect(checkUpcomingLimit(0, 1)).toEqual({ ok: true })
  expect(checkUpcomingLimit(1, 1)).toMatchObject({ ok: false, code: 'BOOKING_LIMIT', message: '最多同时保留 1 个未完成的预约' })
  const end = shanghaiInstant('2026-11-23', '11:00')
  expect(holdsTime({ status: 'confirmed', end }, MONDAY_8AM)).toBe(true)
  expect(holdsTime({ status: 'cancelled', end }, MONDAY_8AM)).toBe(false)
  expect(holdsTime({ status: 'pending', end }, end)).toBe(false)
})
