import { assessHours, confirmHours, floorToHalfHour, measuredHours } from '../../../domain/activity'
import { shanghaiInstant } from '../../../domain/time'

const at = (time: string) => shanghaiInstant('2026-11-23', time)
const plus = (d: Date, minutes: number, seconds = 0) => new Date(d.getTime() + minutes * 60_000 + seconds * 1000)

describe('measuredHours: min(actual, planned), rounded down to half hours', () => {
  const start = at('09:00')
  it.each([
    [0, 0, 0],
    [29, 59, 0],
    [30, 0, 0.5],
    [59, 59, 0.5],
    [60, 0, 1],
    [119, 0, 1.5],
    [120, 0, 2],
    [150, 0, 2.5],
    [179, 59, 2.5],
    [180, 0, 3],
    [600, 0, 3],
  ])('%i min %i s with 3 planned hours → %d h', (minutes, seconds, hours) => {
    expect(measuredHours(start, plus(start, minutes, seconds), 3)).toBe(hours)
  })

  it('a check-out before the check-in counts 0; planned hours cap even when not whole', () => {
    expect(measuredHours(start, plus(start, -10), 3)).toBe(0)
    expect(measuredHours(start, plus(start, 300), 2.5)).toBe(2.5)
    expect(floorToHalfHour(2.99)).toBe(2.5)
    expect(floorToHalfHour(3)).toBe(3)
    expect(floorToHalfHour(-1)).toBe(0)
  })
})

describe('assessHours', () => {
  it('distinguishes measured, missing check-out and absent', () => {
    expect(assessHours({ checkedInAt: at('08:45'), checkedOutAt: at('10:20') }, 2)).toEqual({ kind: 'measured', hours: 1.5 })
    expect(assessHours({ checkedInAt: at('08:45'), checkedOutAt: null }, 2)).toEqual({ kind: 'checkout_missing', maxHours: 2 })
    expect(assessHours({}, 2)).toEqual({ kind: 'absent' })
    expect(assessHours({ checkedInAt: null, checkedOutAt: at('10:00') }, 2)).toEqual({ kind: 'absent' })
  })
})

describe('confirmHours', () => {
  const activity = { hours: 3, points: 20 }

  it('accepts measured hours as they are, with the points', () => {
    expect(confirmHours({ kind: 'measured', hours: 2.5 }, activity)).toEqual({ ok: true, hours: 2.5, points: 20, source: 'measured' })
  })

  it('a forgotten check-out gives at most the planned hours, and only as the organizer’s decision', () => {
    expect(confirmHours({ kind: 'checkout_missing', maxHours: 3 }, activity)).toEqual({
      ok: true,
      hours: 3,
      points: 20,
      source: 'organizer',
    })
    expect(confirmHours({ kind: 'checkout_missing', maxHours: 3 }, activity, 1.5)).toEqual({
      ok: true,
      hours: 1.5,
      points: 20,
      source: 'organizer',
    })
    expect(confirmHours({ kind: 'checkout_missing', maxHours: 3 }, activity, 3.5)).toEqual({
      ok: false,
      code: 'INVALID_ARGUMENT',
      message: '服务时长不能超过活动计划时长 3 小时',
    })
  })

  it('adjustments are marked as the organizer’s; confirming the same number is not', () => {
    expect(confirmHours({ kind: 'measured', hours: 2.5 }, activity, 3)).toMatchObject({ hours: 3, source: 'organizer' })
    expect(confirmHours({ kind: 'measured', hours: 2.5 }, activity, 2.5)).toMatchObject({ hours: 2.5, source: 'measured' })
    expect(confirmHours({ kind: 'measured', hours: 2.5 }, activity, 1.25)).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' })
    expect(confirmHours({ kind: 'measured', hours: 2.5 }, activity, -0.5)).toMatchObject({ ok: false })
    expect(confirmHours({ kind: 'measured', hours: 2.5 }, activity, NaN)).toMatchObject({ ok: false })
  })

  it('no hours, no points; an absent person gets hours only by hand', () => {
    expect(confirmHours({ kind: 'absent' }, activity)).toEqual({ ok: true, hours: 0, points: 0, source: 'measured' })
    expect(confirmHours({ kind: 'measured', hours: 0 }, activity)).toMatchObject({ hours: 0, points: 0 })
    expect(confirmHours({ kind: 'absent' }, activity, 2)).toEqual({ ok: true, hours: 2, points: 20, source: 'organizer' })
  })
})
