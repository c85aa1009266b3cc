/**
 * Time helpers for the Asia/Shanghai business day.
 *
 * Convention for every module under domain/: an instant is a `Date` (as stored in the cloud
 * database and as `ctx.now` in the functions); durations are integer milliseconds named `…Ms`;
 * Shanghai calendar dates are 'YYYY-MM-DD' strings and local clock times 'HH:mm' strings.
 * A cabinet's `at` (ms) becomes `new Date(at)` at the edge. No function reads the clock: each one
 * takes `now` when it needs it.
 *
 * Shanghai has had a fixed UTC+08:00 offset without daylight saving since 1991, so a Shanghai wall
 * clock is the UTC wall clock of (instant + 8 h). Everything here is that arithmetic, independent of
 * the process time zone; `inShanghai` gives a dayjs for callers that want its formatting.
 */
import dayjs, { type Dayjs } from 'dayjs'
import utc from 'dayjs/plugin/utc'

dayjs.extend(utc)

export const SECOND_MS = 1000
export const MINUTE_MS = 60 * SECOND_MS
export const HOUR_MS = 60 * MINUTE_MS
export const DAY_MS = 24 * HOUR_MS
export const SHANGHAI_OFFSET_MINUTES = 480
const OFFSET_MS = SHANGHAI_OFFSET_MINUTES * MINUTE_MS

/** 1 = Monday … 7 = Sunday (ISO), in Shanghai. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7
export const WEEKDAY_NAMES_CN: Record<Weekday, string> = { 1: '周一', 2: '周二', 3: '周三', 4: '周四', 5: '周五', 6: '周六', 7: '周日' }

/** A dayjs showing the Shanghai wall clock of an instant (fixed +08:00, never `dayjs.tz`). */
export function inShanghai(instant: Date): Dayjs {
  return dayjs.utc(instant).utcOffset(SHANGHAI_OFFSET_MINUTES)
}

/** The Shanghai wall clock as the UTC fields of a shifted Date (internal). */
function wall(instant: Date): Date {
  return new Date(instant.getTime() + OFFSET_MS)
}

const pad2 = (n: number) => String(n).padStart(2, '0')

/** The first instant of the Shanghai day containing `instant` (00:00 Shanghai = 16:00 UTC the day before). */
export function shanghaiDayStart(instant: Date): Date {
  const ms = instant.getTime() + OFFSET_MS
  return new Date(ms - mod(ms, DAY_MS) - OFFSET_MS)
}

/** The end of the Shanghai day containing `instant`, exclusive: the next day's 00:00 Shanghai. */
export function shanghaiDayEnd(instant: Date): Date {
  return new Date(shanghaiDayStart(instant).getTime() + DAY_MS)
}

/** 'YYYY-MM-DD' of the Shanghai calendar day of an instant. */
export function shanghaiDate(instant: Date): string {
  const w = wall(instant)
  return `${w.getUTCFullYear()}-${pad2(w.getUTCMonth() + 1)}-${pad2(w.getUTCDate())}`
}

/** 'HH:mm' of the Shanghai wall clock. */
export function shanghaiTime(instant: Date): string {
  const w = wall(instant)
  return `${pad2(w.getUTCHours())}:${pad2(w.getUTCMinutes())}`
}

export function shanghaiYear(instant: Date): number {
  return wall(instant).getUTCFullYear()
}

/** ISO weekday (Monday = 1) of the Shanghai day of an instant. */
export function shanghaiWeekday(instant: Date): Weekday {
  const day = wall(instant).getUTCDay()
  return (day === 0 ? 7 : day) as Weekday
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/
const TIME_RE = /^(\d{2}):(\d{2})$/

function parseDate(date: string): [number, number, number] | null {
  const m = DATE_RE.exec(date)
  if (!m) return null
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const check = new Date(Date.UTC(y, mo - 1, d))
  // Rejects 2026-02-30 and friends, which Date.UTC would silently roll over.
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null
  return [y, mo, d]
}

export function isValidDate(date: unknown): date is string {
  return typeof date === 'string' && parseDate(date) !== null
}

/** 'HH:mm' from 00:00 to 23:59; with `allowEndOfDay`, '24:00' too (the end of a window that runs to midnight). */
export function isValidTime(time: unknown, allowEndOfDay = false): time is string {
  return typeof time === 'string' && minutesOfDayOrNull(time, allowEndOfDay) !== null
}

function minutesOfDayOrNull(time: string, allowEndOfDay: boolean): number | null {
  const m = TIME_RE.exec(time)
  if (!m) return null
  const [h, min] = [Number(m[1]), Number(m[2])]
  if (allowEndOfDay && h === 24 && min === 0) return 24 * 60
  if (h > 23 || min > 59) return null
  return h * 60 + min
}

/** Minutes since midnight of 'HH:mm' ('24:00' = 1440). Throws RangeError on a malformed time. */
export function minutesOfDay(time: string): number {
  const minutes = minutesOfDayOrNull(time, true)
  if (minutes === null) throw new RangeError(`时间格式应为 HH:mm：${time}`)
  return minutes
}

/**
 * The instant of a Shanghai local date and time: ('2026-11-23', '09:00') → 2026-11-23T01:00:00Z.
 * '24:00' is the next day's midnight. Throws RangeError on a malformed date or time.
 */
export function shanghaiInstant(date: string, time = '00:00'): Date {
  const parts = parseDate(date)
  if (!parts) throw new RangeError(`日期格式应为 YYYY-MM-DD：${date}`)
  const [y, mo, d] = parts
  return new Date(Date.UTC(y, mo - 1, d) + minutesOfDay(time) * MINUTE_MS - OFFSET_MS)
}

/** Adds whole days to an instant. Exactly n × 24 h, which keeps the Shanghai clock time (no DST). */
export function addDays(instant: Date, days: number): Date {
  return new Date(instant.getTime() + days * DAY_MS)
}

export function addMs(instant: Date, ms: number): Date {
  return new Date(instant.getTime() + ms)
}

/** Calendar arithmetic on a Shanghai date string: ('2026-11-30', 1) → '2026-12-01'. */
export function addDaysToDate(date: string, days: number): string {
  const parts = parseDate(date)
  if (!parts) throw new RangeError(`日期格式应为 YYYY-MM-DD：${date}`)
  const d = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2]) + days * DAY_MS)
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`
}

/** ISO weekday of a Shanghai date string. */
export function weekdayOfDate(date: string): Weekday {
  return shanghaiWeekday(shanghaiInstant(date))
}

/** Whole calendar days from date `a` to date `b` (b − a), both Shanghai date strings. */
export function daysBetweenDates(a: string, b: string): number {
  return Math.round((shanghaiInstant(b).getTime() - shanghaiInstant(a).getTime()) / DAY_MS)
}

/** The Shanghai calendar year as an instant range [start, end): for yearly leaderboards and the lottery. */
export function shanghaiYearRange(year: number): { start: Date; end: Date } {
  return { start: shanghaiInstant(`${year}-01-01`), end: shanghaiInstant(`${year + 1}-01-01`) }
}

// —— Chinese UI formatting ——

/** Any dayjs format of the Shanghai wall clock; default '11月23日 09:00'. */
export function formatShanghai(instant: Date, template = 'M月D日 HH:mm'): string {
  return inShanghai(instant).format(template)
}

/** '11月23日' */
export function formatMonthDayCn(instant: Date): string {
  const w = wall(instant)
  return `${w.getUTCMonth() + 1}月${w.getUTCDate()}日`
}

/** '11月23日 周一' */
export function formatDateCn(instant: Date): string {
  return `${formatMonthDayCn(instant)} ${WEEKDAY_NAMES_CN[shanghaiWeekday(instant)]}`
}

/** '11月23日 周一' of a Shanghai date string (due dates, schedule days). */
export function formatDateStringCn(date: string): string {
  return formatDateCn(shanghaiInstant(date))
}

/** '11月23日 周一 09:00' */
export function formatDateTimeCn(instant: Date): string {
  return `${formatDateCn(instant)} ${shanghaiTime(instant)}`
}

/** '2026年11月23日' */
export function formatFullDateCn(instant: Date): string {
  return `${shanghaiYear(instant)}年${formatMonthDayCn(instant)}`
}

/** '11月23日 周一 09:00–11:30', or both ends in full when the range spans Shanghai days. */
export function formatTimeRangeCn(start: Date, end: Date): string {
  if (shanghaiDate(start) === shanghaiDate(end)) return `${formatDateTimeCn(start)}–${shanghaiTime(end)}`
  return `${formatDateTimeCn(start)} – ${formatDateTimeCn(end)}`
}

/** '今天' / '明天' / '后天' relative to `now` in Shanghai, otherwise '11月23日 周一'. */
export function formatRelativeDayCn(instant: Date, now: Date): string {
  const days = daysBetweenDates(shanghaiDate(now), shanghaiDate(instant))
  if (days === 0) return '今天'
  if (days === 1) return '明天'
  if (days === 2) return '后天'
  return formatDateCn(instant)
}

/** '2.5 小时' — service hours (multiples of half an hour) without trailing zeros. */
export function formatHoursCn(hours: number): string {
  return `${Number.isInteger(hours) ? hours : hours.toFixed(1)} 小时`
}

function mod(a: number, b: number): number {
  return ((a % b) + b) % b
}

/** A half-open instant range [start, end). */
export interface TimeRange {
  start: Date
  end: Date
}

/** Whether two half-open ranges share an instant: back-to-back ranges (a.end = b.start) do not. */
export function rangesOverlap(a: TimeRange, b: TimeRange): boolean {
  return a.start.getTime() < b.end.getTime() && b.start.getTime() < a.end.getTime()
}

/** A countdown as m:ss ("1:05"), never below 0:00; seconds round up so 0:00 shows only at the end. */
export function formatCountdown(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000))
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`
}
