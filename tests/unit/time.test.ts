import {
  DAY_MS,
  formatCountdown,
  addDays,
  addDaysToDate,
  daysBetweenDates,
  formatDateCn,
  formatDateStringCn,
  formatDateTimeCn,
  formatFullDateCn,
  formatHoursCn,
  formatRelativeDayCn,
  formatShanghai,
  formatTimeRangeCn,
  inShanghai,
  isValidDate,
  isValidTime,
  minutesOfDay,
  rangesOverlap,
  shanghaiDate,
  shanghaiDayEnd,
  shanghaiDayStart,
  shanghaiInstant,
  shanghaiTime,
  shanghaiWeekday,
  shanghaiYearRange,
  weekdayOfDate,
} from '../../domain/time'

const utc = (iso: string) => new Date(iso)

describe('Shanghai midnight is 16:00 UTC', () => {
  it('15:59:59Z is still Monday 23 Nov, 16:00:00Z is Tuesday 24 Nov', () => {
    expect(shanghaiDate(utc('2026-11-23T15:59:59.999Z'))).toBe('2026-11-23')
    expect(shanghaiDate(utc('2026-11-23T16:00:00.000Z'))).toBe('2026-11-24')
    expect(shanghaiWeekday(utc('2026-11-23T15:59:59Z'))).toBe(1)
    expect(shanghaiWeekday(utc('2026-11-23T16:00:00Z'))).toBe(2)
    expect(shanghaiTime(utc('2026-11-23T15:59:59Z'))).toBe('23:59')
    expect(shanghaiTime(utc('2026-11-23T16:00:00Z'))).toBe('00:00')
  })

  it('the UTC date boundary (00:00Z) is 08:00 the same Shanghai day', () => {
    expect(shanghaiDate(utc('2026-11-23T23:59:59Z'))).toBe('2026-11-24')
    expect(shanghaiDate(utc('2026-11-24T00:00:00Z'))).toBe('2026-11-24')
    expect(shanghaiTime(utc('2026-11-24T00:00:00Z'))).toBe('08:00')
  })

  it('day start and (exclusive) end around the boundary', () => {
    expect(shanghaiDayStart(utc('2026-11-23T15:59:59.999Z')).toISOString()).toBe('2026-11-22T16:00:00.000Z')
    expect(shanghaiDayEnd(utc('2026-11-23T15:59:59.999Z')).toISOString()).toBe('2026-11-23T16:00:00.000Z')
    expect(shanghaiDayStart(utc('2026-11-23T16:00:00.000Z')).toISOString()).toBe('2026-11-23T16:00:00.000Z')
    expect(shanghaiDayEnd(utc('2026-11-23T16:00:00.000Z')).toISOString()).toBe('2026-11-24T16:00:00.000Z')
    // 08:00 Shanghai (UTC midnight) belongs to the day that began at 16:00Z the day before.
    expect(shanghaiDayStart(utc('2026-11-24T00:00:00Z')).toISOString()).toBe('2026-11-23T16:00:00.000Z')
  })

  it('works before 1970 and across years', () => {
    expect(shanghaiDayStart(utc('1969-12-31T17:00:00Z')).toISOString()).toBe('1969-12-31T16:00:00.000Z')
    expect(shanghaiDate(utc('2026-12-31T16:00:00Z'))).toBe('2027-01-01')
    expect(shanghaiYearRange(2027)).toEqual({ start: utc('2026-12-31T16:00:00Z'), end: utc('2027-12-31T16:00:00Z') })
  })

  it('agrees with dayjs at +08:00 on many instants', () => {
    for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2026, 2, 1); ms += 7 * 3600_000 + 13 * 60_000 + 17_000) {
      const d = new Date(ms)
      const dj = inShanghai(d)
      expect(shanghaiDate(d)).toBe(dj.format('YYYY-MM-DD'))
      expect(shanghaiTime(d)).toBe(dj.format('HH:mm'))
      expect(shanghaiWeekday(d)).toBe(dj.day() === 0 ? 7 : dj.day())
      expect(shanghaiDayStart(d).getTime()).toBe(dj.startOf('day').valueOf())
    }
  })
})

describe('shanghaiInstant', () => {
  it('turns a Shanghai date and time into the UTC instant', () => {
    expect(shanghaiInstant('2026-11-23', '09:00').toISOString()).toBe('2026-11-23T01:00:00.000Z')
    expect(shanghaiInstant('2026-11-23').toISOString()).toBe('2026-11-22T16:00:00.000Z')
    expect(shanghaiInstant('2026-11-23', '07:59').toISOString()).toBe('2026-11-22T23:59:00.000Z')
    expect(shanghaiInstant('2026-11-23', '24:00').toISOString()).toBe('2026-11-23T16:00:00.000Z')
    expect(shanghaiInstant('2028-02-29', '12:30').toISOString()).toBe('2028-02-29T04:30:00.000Z')
  })

  it('round-trips with shanghaiDate/shanghaiTime', () => {
    const d = shanghaiInstant('2026-03-01', '00:05')
    expect([shanghaiDate(d), shanghaiTime(d)]).toEqual(['2026-03-01', '00:05'])
  })

  it('refuses malformed or impossible dates and times', () => {
    expect(() => shanghaiInstant('2026-02-30')).toThrow(RangeError)
    expect(() => shanghaiInstant('2026-2-3')).toThrow(RangeError)
    expect(() => shanghaiInstant('2026-11-23', '9:00')).toThrow(RangeError)
    expect(() => shanghaiInstant('2026-11-23', '24:01')).toThrow(RangeError)
    expect(() => shanghaiInstant('2026-11-23', '12:60')).toThrow(RangeError)
  })

  it('validators and minutesOfDay', () => {
    expect(isValidDate('2027-02-29')).toBe(false)
    expect(isValidDate('2028-02-29')).toBe(true)
    expect(isValidDate(20260101)).toBe(false)
    expect(isValidTime('23:59')).toBe(true)
    expect(isValidTime('24:00')).toBe(false)
    expect(isValidTime('24:00', true)).toBe(true)
    expect(minutesOfDay('09:30')).toBe(570)
    expect(minutesOfDay('24:00')).toBe(1440)
  })
})

describe('day arithmetic', () => {
  it('addDays keeps the Shanghai clock time', () => {
    const d = addDays(shanghaiInstant('2026-11-23', '23:30'), 15)
    expect([shanghaiDate(d), shanghaiTime(d)]).toEqual(['2026-12-08', '23:30'])
    expect(addDays(new Date(0), -1).getTime()).toBe(-DAY_MS)
  })

  it('addDaysToDate rolls months, years and leap days', () => {
    expect(addDaysToDate('2026-11-30', 1)).toBe('2026-12-01')
    expect(addDaysToDate('2026-12-31', 1)).toBe('2027-01-01')
    expect(addDaysToDate('2028-02-28', 1)).toBe('2028-02-29')
    expect(addDaysToDate('2026-03-01', -1)).toBe('2026-02-28')
    expect(daysBetweenDates('2026-11-23', '2027-01-01')).toBe(39)
  })

  it('weekdays Monday=1 … Sunday=7', () => {
    expect(weekdayOfDate('2026-11-23')).toBe(1)
    expect(weekdayOfDate('2026-11-29')).toBe(7)
    expect(weekdayOfDate('2026-11-28')).toBe(6)
  })
})

describe('Chinese formatting', () => {
  const mondayNine = shanghaiInstant('2026-11-23', '09:00')

  it('formats dates the way the screens show them', () => {
    expect(formatDateTimeCn(mondayNine)).toBe('11月23日 周一 09:00')
    expect(formatDateCn(utc('2026-11-29T15:59:59Z'))).toBe('11月29日 周日')
    expect(formatDateStringCn('2026-12-08')).toBe('12月8日 周二')
    expect(formatFullDateCn(mondayNine)).toBe('2026年11月23日')
    expect(formatShanghai(mondayNine)).toBe('11月23日 09:00')
    expect(formatShanghai(mondayNine, 'YYYY/MM/DD HH:mm')).toBe('2026/11/23 09:00')
  })

  it('time ranges: short within a day, in full across midnight', () => {
    expect(formatTimeRangeCn(mondayNine, shanghaiInstant('2026-11-23', '11:30'))).toBe('11月23日 周一 09:00–11:30')
    expect(formatTimeRangeCn(shanghaiInstant('2026-11-23', '22:00'), shanghaiInstant('2026-11-24', '01:00'))).toBe(
      '11月23日 周一 22:00 – 11月24日 周二 01:00',
    )
  })

  it('relative days follow the Shanghai calendar, not 24 h', () => {
    const lateNight = shanghaiInstant('2026-11-23', '23:50')
    expect(formatRelativeDayCn(shanghaiInstant('2026-11-24', '00:10'), lateNight)).toBe('明天')
    expect(formatRelativeDayCn(shanghaiInstant('2026-11-23', '08:00'), lateNight)).toBe('今天')
    expect(formatRelativeDayCn(shanghaiInstant('2026-11-25', '23:00'), lateNight)).toBe('后天')
    expect(formatRelativeDayCn(shanghaiInstant('2026-11-26', '00:00'), lateNight)).toBe('11月26日 周四')
  })

  it('hours', () => {
    expect(formatHoursCn(2)).toBe('2 小时')
    expect(formatHoursCn(2.5)).toBe('2.5 小时')
  })
})

describe('rangesOverlap (half-open)', () => {
  const r = (a: string, b: string) => ({ start: shanghaiInstant('2026-11-23', a), end: shanghaiInstant('2026-11-23', b) })
  it('back-to-back ranges do not overlap, anything sharing a minute does', () => {
    expect(rangesOverlap(r('09:00', '10:00'), r('10:00', '11:00'))).toBe(false)
    expect(rangesOverlap(r('10:00', '11:00'), r('09:00', '10:00'))).toBe(false)
    expect(rangesOverlap(r('09:00', '10:01'), r('10:00', '11:00'))).toBe(true)
    expect(rangesOverlap(r('09:00', '12:00'), r('10:00', '11:00'))).toBe(true)
    expect(rangesOverlap(r('10:00', '11:00'), r('09:00', '12:00'))).toBe(true)
    expect(rangesOverlap(r('09:00', '10:00'), r('11:00', '12:00'))).toBe(false)
  })
})

describe('formatCountdown (the door screen)', () => {
  test('m:ss, seconds rounded up, never negative', () => {
    expect(formatCountdown(120_000)).toBe('2:00')
    expect(formatCountdown(65_000)).toBe('1:05')
    expect(formatCountdown(59_001)).toBe('1:00')
    expect(formatCountdown(1)).toBe('0:01')
    expect(formatCountdown(0)).toBe('0:00')
    expect(formatCountdown(-5000)).toBe('0:00')
  })
})
