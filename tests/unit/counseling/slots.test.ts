import { makeConfig } from '../../../domain/config'
import {
  findFreeSlot,
  freeSlots,
  groupSlotsByDate,
  sessionsInWindow,
  validateAvailability,
  windowsOn,
  type Availability,
} from '../../../domain/counseling'
import { formatDateTimeCn, shanghaiDate, shanghaiInstant } from '../../../domain/time'

const at = (date: string, time: string) => shanghaiInstant(date, time)
const shown = (slots: Array<{ start: Date }>) => slots.map((s) => formatDateTimeCn(s.start))
// 2026-11-23 is a Monday.
const MON = '2026-11-23'
const TUE = '2026-11-24'
const WED = '2026-11-25'

describe('sessionsInWindow', () => {
  it('cuts 50 + 10 min from the window start, keeping only sessions that end inside', () => {
    const slots = sessionsInWindow(TUE, { start: '09:00', end: '11:30' })
    expect(slots.map((s) => [s.start.toISOString(), s.end.toISOString()])).toEqual([
      ['2026-11-24T01:00:00.000Z', '2026-11-24T01:50:00.000Z'],
      ['2026-11-24T02:00:00.000Z', '2026-11-24T02:50:00.000Z'],
    ])
    expect(sessionsInWindow(TUE, { start: '09:00', end: '11:50' })).toHaveLength(3)
    expect(sessionsInWindow(TUE, { start: '09:00', end: '09:49' })).toHaveLength(0)
    expect(sessionsInWindow(TUE, { start: '09:00', end: '09:50' })).toHaveLength(1)
  })

  it('follows a configured session length and buffer', () => {
    const config = makeConfig({ counseling: { sessionMinutes: 45, bufferMinutes: 15 } }).counseling
    expect(shown(sessionsInWindow(TUE, { start: '14:00', end: '16:45' }, config))).toEqual([
      '11月24日 周二 14:00',
      '11月24日 周二 15:00',
      '11月24日 周二 16:00',
    ])
  })
})

describe('freeSlots', () => {
  const weekly: Availability = { weekly: [{ weekday: 2, start: '09:00', end: '11:30' }] }

  it('offers the weekly windows of the next 14 days', () => {
    const slots = freeSlots({ availability: weekly, now: at(MON, '08:00') })
    expect(shown(slots)).toEqual(['11月24日 周二 09:00', '11月24日 周二 10:00', '12月1日 周二 09:00', '12月1日 周二 10:00'])
    expect(slots[0].end).toEqual(at(TUE, '09:50'))
  })

  it('minimum notice of 4 h, the boundary included', () => {
    expect(shown(freeSlots({ availability: weekly, now: at(TUE, '05:00') })).slice(0, 2)).toEqual([
      '11月24日 周二 09:00',
      '11月24日 周二 10:00',
    ])
    const justLate = new Date(at(TUE, '05:00').getTime() + 1)
    expect(shown(freeSlots({ availability: weekly, now: justLate }))[0]).toBe('11月24日 周二 10:00')
    expect(shown(freeSlots({ availability: weekly, now: at(TUE, '06:00') }))[0]).toBe('11月24日 周二 10:00')
  })

  it('horizon of 14 days, the boundary included', () => {
    const monday: Availability = { weekly: [{ weekday: 1, start: '09:00', end: '11:30' }] }
    const exact = shown(freeSlots({ availability: monday, now: at(MON, '09:00') }))
    expect(exact).toEqual(['11月30日 周一 09:00', '11月30日 周一 10:00', '12月7日 周一 09:00'])
    const early = shown(freeSlots({ availability: monday, now: new Date(at(MON, '09:00').getTime() - 1) }))
    expect(early).toEqual(['11月30日 周一 09:00', '11月30日 周一 10:00'])
  })

  it('windows around Shanghai midnight land on the right Shanghai day (16:00 UTC)', () => {
    const night: Availability = {
      weekly: [
        { weekday: 2, start: '22:00', end: '24:00' },
        { weekday: 3, start: '00:00', end: '02:00' },
      ],
    }
    const slots = freeSlots({ availability: night, now: at(MON, '12:00'), to: at('2026-11-26', '00:00') })
    expect(slots.map((s) => [shanghaiDate(s.start), s.start.toISOString()])).toEqual([
      [TUE, '2026-11-24T14:00:00.000Z'],
      [TUE, '2026-11-24T15:00:00.000Z'],
      [WED, '2026-11-24T16:00:00.000Z'],
      [WED, '2026-11-24T17:00:00.000Z'],
    ])
  })

  it('windows across the UTC day boundary (08:00 Shanghai) stay one Shanghai day', () => {
    const morning: Availability = { weekly: [{ weekday: 3, start: '07:00', end: '10:00' }] }
    const slots = freeSlots({ availability: morning, now: at(MON, '12:00'), to: at('2026-11-26', '00:00') })
    expect(slots.map((s) => s.start.toISOString())).toEqual([
      '2026-11-24T23:00:00.000Z',
      '2026-11-25T00:00:00.000Z',
      '2026-11-25T01:00:00.000Z',
    ])
    expect(new Set(slots.map((s) => shanghaiDate(s.start)))).toEqual(new Set([WED]))
  })

  it('a closed date removes its weekly windows; a date with its own windows replaces them', () => {
    const availability: Availability = {
      weekly: [{ weekday: 2, start: '09:00', end: '11:30' }],
      exceptions: [
        { date: TUE, windows: [] },
        { date: '2026-12-01', windows: [{ start: '14:00', end: '15:00' }] },
        { date: '2026-11-28', windows: [{ start: '10:00', end: '11:00' }] },
      ],
    }
    expect(shown(freeSlots({ availability, now: at(MON, '08:00') }))).toEqual(['11月28日 周六 10:00', '12月1日 周二 14:00'])
    expect(windowsOn(availability, '2026-12-08')).toEqual([{ weekday: 2, start: '09:00', end: '11:30' }])
  })

  it('removes slots overlapping existing bookings, by start or by range, not ones touching only the buffer', () => {
    const availability: Availability = { weekly: [{ weekday: 2, start: '09:00', end: '12:00' }] }
    const q = { availability, now: at(MON, '08:00'), to: at(WED, '00:00') }
    expect(shown(freeSlots(q))).toEqual(['11月24日 周二 09:00', '11月24日 周二 10:00', '11月24日 周二 11:00'])
    expect(shown(freeSlots({ ...q, booked: [{ start: at(TUE, '10:00') }] }))).toEqual(['11月24日 周二 09:00', '11月24日 周二 11:00'])
    expect(shown(freeSlots({ ...q, booked: [{ start: at(TUE, '09:30'), end: at(TUE, '10:20') }] }))).toEqual(['11月24日 周二 11:00'])
    expect(shown(freeSlots({ ...q, booked: [{ start: at(TUE, '09:50'), end: at(TUE, '10:00') }] }))).toHaveLength(3)
    expect(shown(freeSlots({ ...q, booked: [{ start: at(TUE, '09:55'), end: null }] }))).toEqual([
      '11月24日 周二 09:00',
      '11月24日 周二 11:00',
    ])
  })

  it('narrows to [from, to) and returns slots sorted even from unordered windows', () => {
    const availability: Availability = {
      weekly: [
        { weekday: 2, start: '14:00', end: '16:00' },
        { weekday: 2, start: '09:00', end: '10:00' },
        { weekday: 1, start: '18:00', end: '19:00' },
      ],
    }
    const all = freeSlots({ availability, now: at(MON, '08:00') })
    const starts = all.map((s) => s.start.getTime())
    expect(starts).toEqual([...starts].sort((a, b) => a - b))
    expect(shown(all).slice(0, 4)).toEqual(['11月23日 周一 18:00', '11月24日 周二 09:00', '11月24日 周二 14:00', '11月24日 周二 15:00'])
    expect(shown(freeSlots({ availability, now: at(MON, '08:00'), from: at(TUE, '00:00'), to: at(TUE, '15:00') }))).toEqual([
      '11月24日 周二 09:00',
      '11月24日 周二 14:00',
    ])
    // `from` never reaches past the notice period.
    expect(shown(freeSlots({ availability, now: at(MON, '15:00'), from: at(MON, '00:00'), to: at(TUE, '00:00') }))).toEqual([])
  })

  it('never offers overlapping slots even from overlapping windows', () => {
    const availability: Availability = {
      weekly: [
        { weekday: 2, start: '09:00', end: '11:00' },
        { weekday: 2, start: '09:30', end: '10:30' },
      ],
    }
    expect(shown(freeSlots({ availability, now: at(MON, '08:00'), to: at(WED, '00:00') }))).toEqual([
      '11月24日 周二 09:00',
      '11月24日 周二 10:00',
    ])
  })

  it('findFreeSlot confirms a requested start; groupSlotsByDate groups by Shanghai day', () => {
    const q = { availability: weekly, now: at(MON, '08:00') }
    expect(findFreeSlot(q, at(TUE, '10:00'))).toEqual({ start: at(TUE, '10:00'), end: at(TUE, '10:50') })
    expect(findFreeSlot(q, at(TUE, '10:30'))).toBeNull()
    expect(findFreeSlot({ ...q, booked: [{ start: at(TUE, '10:00') }] }, at(TUE, '10:00'))).toBeNull()
    expect(groupSlotsByDate(freeSlots(q)).map((g) => [g.date, g.slots.length])).toEqual([
      [TUE, 2],
      ['2026-12-01', 2],
    ])
  })
})

describe('validateAvailability', () => {
  it('accepts a sensible week', () => {
    expect(
      validateAvailability({
        weekly: [
          { weekday: 1, start: '09:00', end: '12:00' },
          { weekday: 1, start: '14:00', end: '17:00' },
          { weekday: 7, start: '20:00', end: '24:00' },
        ],
        exceptions: [{ date: '2026-12-25', windows: [] }],
      }),
    ).toEqual({})
  })

  it('names each bad window', () => {
    const errors = validateAvailability({
      weekly: [
        { weekday: 1, start: '09:00', end: '12:00' },
        { weekday: 1, start: '11:00', end: '13:00' },
        { weekday: 8 as never, start: '09:00', end: '10:00' },
        { weekday: 2, start: '10:00', end: '09:00' },
        { weekday: 3, start: '9:00', end: '10:00' },
        { weekday: 4, start: '09:00', end: '09:30' },
      ],
      exceptions: [
        { date: '2026-02-30', windows: [] },
        { date: '2026-12-01', windows: [] },
        { date: '2026-12-01', windows: [] },
        {
          date: '2026-12-02',
          windows: [
            { start: '09:00', end: '11:00' },
            { start: '10:00', end: '12:00' },
          ],
        },
      ],
    })
    expect(errors).toEqual({
      'weekly.1': '每周时段：与同一天的其他时段重叠',
      'weekly.2': '每周时段：星期应为 1–7',
      'weekly.3': '每周时段：结束时间应晚于开始时间',
      'weekly.4': '每周时段：时间格式应为 HH:mm',
      'weekly.5': '每周时段：时段不足一次咨询（50 分钟）',
      'exceptions.0': '特殊日期：日期格式应为 YYYY-MM-DD',
      'exceptions.2': '特殊日期：2026-12-01 重复设置',
      'exceptions.3': '特殊日期：时段互相重叠',
    })
  })
})

describe('freeSlots bounds', () => {
  const weekly: Availability = { weekly: ([1, 2, 3, 4, 5] as const).map((weekday) => ({ weekday, start: '09:00', end: '17:00' })) }
  it.each([
    ['from the far past to the far future', new Date(-8e15), new Date(8e15)],
    ['an invalid range', new Date(NaN), new Date(NaN)],
    ['a range ending before it starts', at(WED, '09:00'), at(MON, '09:00')],
  ])('%s: answers at once, never beyond the booking horizon', (_label, from, to) => {
    const started = Date.now()
    const slots = freeSlots({ availability: weekly, now: at(MON, '08:00'), from, to })
    expect(Date.now() - started).toBeLessThan(200)
    expect(slots.length).toBeLessThanOrEqual(11 * 8)
    for (const slot of slots) expect(slot.start.getTime()).toBeLessThanOrEqual(at(MON, '08:00').getTime() + 14 * 86400_000)
  })
})
