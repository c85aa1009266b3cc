/**
 * Free slots of any provider who is booked by the session (a counselor, a lawyer …). Availability is
 * weekly windows on the Shanghai clock plus date exceptions; each window is cut from its start into
 * session + buffer steps (counseling: 50 + 10 min), keeping only sessions that end inside the window
 * (09:00–11:30 gives 09:00 and 10:00; 11:00 would end at 11:50). A slot is offered when it starts at
 * least the notice and at most the horizon after `now` (both inclusive) and overlaps no held slot.
 */
import type { FieldErrors } from '../errors'
import {
  MINUTE_MS,
  addDaysToDate,
  isValidDate,
  isValidTime,
  minutesOfDay,
  rangesOverlap,
  shanghaiDate,
  shanghaiInstant,
  weekdayOfDate,
  type TimeRange,
  type Weekday,
} from '../time'

/** 'HH:mm'–'HH:mm' on the Shanghai clock; the end may be '24:00'. Windows do not cross midnight. */
export interface DayWindow {
  start: string
  end: string
}

export interface WeeklyWindow extends DayWindow {
  weekday: Weekday
}

/** A date's own windows replace the weekly ones for that date; no windows = closed all day. */
export interface DateException {
  date: string
  windows: DayWindow[]
}

export interface Availability {
  weekly: WeeklyWindow[]
  exceptions?: DateException[]
}

export interface SlotQuery {
  availability: Availability
  /** bookings that hold time (pending or confirmed): a start, and the end when known (else start + session) */
  booked?: ReadonlyArray<{ start: Date; end?: Date | null }>
  now: Date
  /** optional narrowing for a day view: slots starting in [from, to) */
  from?: Date
  to?: Date
}

export type Slot = TimeRange

/** The numbers a booking service sets for its sessions (counseling: the `counseling` config section). */
export interface SlotRules {
  sessionMinutes: number
  bufferMinutes: number
  /** a slot starts at least this long after now */
  minNoticeMs: number
  /** … and at most this long after now */
  horizonMs: number
}

/** The windows that apply to a Shanghai date. */
export function windowsOn(availability: Availability, date: string): DayWindow[] {
  const exception = (availability.exceptions ?? []).find((e) => e.date === date)
  if (exception) return exception.windows
  const weekday = weekdayOfDate(date)
  return availability.weekly.filter((w) => w.weekday === weekday)
}

/** Every session a window holds, on a date, before any filtering. */
export function sessionsInWindow(date: string, window: DayWindow, config: SlotRules): Slot[] {
  const dayStart = shanghaiInstant(date).getTime()
  const end = minutesOfDay(window.end)
  const slots: Slot[] = []
  for (let t = minutesOfDay(window.start); t + config.sessionMinutes <= end; t += config.sessionMinutes + config.bufferMinutes) {
    slots.push({ start: new Date(dayStart + t * MINUTE_MS), end: new Date(dayStart + (t + config.sessionMinutes) * MINUTE_MS) })
  }
  return slots
}

export function freeSlots(query: SlotQuery, config: SlotRules): Slot[] {
  const { now } = query
  const earliest = now.getTime() + config.minNoticeMs
  const latest = now.getTime() + config.horizonMs
  const from = Math.max(earliest, query.from?.getTime() ?? -Infinity)
  const to = query.to?.getTime() ?? Infinity
  const booked = (query.booked ?? []).map((b) => ({
    start: b.start,
    end: b.end ?? new Date(b.start.getTime() + config.sessionMinutes * MINUTE_MS),
  }))

  const candidates: Slot[] = []
  if (!Number.isFinite(from) || !Number.isFinite(latest) || Math.min(latest, to) < from) return []
  const lastDate = shanghaiDate(new Date(Math.min(latest, to)))
  // from ≥ now + notice and the last day ≤ now + horizon: at most the horizon's days, whatever is asked.
  for (let date = shanghaiDate(new Date(from)); date <= lastDate; date = addDaysToDate(date, 1)) {
    for (const window of windowsOn(query.availability, date)) candidates.push(...sessionsInWindow(date, window, config))
  }
  candidates.sort((a, b) => a.start.getTime() - b.start.getTime())

  const slots: Slot[] = []
  for (const slot of candidates) {
    const start = slot.start.getTime()
    if (start < from || start > latest || start >= to) continue
    if (booked.some((b) => rangesOverlap(b, slot))) continue
    // Overlapping windows (which validation refuses) must still never offer overlapping slots.
    if (slots.length > 0 && rangesOverlap(slots[slots.length - 1], slot)) continue
    slots.push(slot)
  }
  return slots
}

/** The offered slot starting at `start`, or null: what `book` checks before it writes. */
export function findFreeSlot(query: SlotQuery, start: Date, config: SlotRules): Slot | null {
  return freeSlots(query, config).find((s) => s.start.getTime() === start.getTime()) ?? null
}

/** Slots grouped by Shanghai date, for the day picker. */
export function groupSlotsByDate(slots: readonly Slot[]): Array<{ date: string; slots: Slot[] }> {
  const groups: Array<{ date: string; slots: Slot[] }> = []
  for (const slot of slots) {
    const date = shanghaiDate(slot.start)
    const last = groups[groups.length - 1]
    if (last && last.date === date) last.slots.push(slot)
    else groups.push({ date, slots: [slot] })
  }
  return groups
}

/**
 * Field-named Chinese errors of an availability a provider saves ('weekly.0', 'exceptions.1'):
 * weekday 1–7, valid times, end after start, long enough for one session (`sessionName`, e.g. 咨询),
 * no overlap with another window of the same day, one exception per date.
 */
export function validateAvailability(
  availability: Availability,
  config: Pick<SlotRules, 'sessionMinutes'>,
  sessionName: string,
): FieldErrors {
  const errors: FieldErrors = {}
  const checkWindow = (w: DayWindow): string | null => {
    if (!isValidTime(w.start) || !isValidTime(w.end, true)) return '时间格式应为 HH:mm'
    const length = minutesOfDay(w.end) - minutesOfDay(w.start)
    if (length <= 0) return '结束时间应晚于开始时间'
    if (length < config.sessionMinutes) return `时段不足一次${sessionName}（${config.sessionMinutes} 分钟）`
    return null
  }
  const overlapsEarlier = (list: readonly DayWindow[], i: number) =>
    list
      .slice(0, i)
      .some(
        (o) =>
          isValidTime(o.start) &&
          isValidTime(o.end, true) &&
          minutesOfDay(o.start) < minutesOfDay(list[i].end) &&
          minutesOfDay(list[i].start) < minutesOfDay(o.end),
      )

  if (!Array.isArray(availability.weekly)) errors.weekly = '每周时段格式有误'
  else
    availability.weekly.forEach((w, i) => {
      const sameDay = availability.weekly.filter((o) => o.weekday === w.weekday)
      const message =
        !Number.isInteger(w.weekday) || w.weekday < 1 || w.weekday > 7
          ? '星期应为 1–7'
          : (checkWindow(w) ?? (overlapsEarlier(sameDay, sameDay.indexOf(w)) ? '与同一天的其他时段重叠' : null))
      if (message) errors[`weekly.${i}`] = `每周时段：${message}`
    })
  const seen = new Set<string>()
  ;(availability.exceptions ?? []).forEach((e, i) => {
    let message: string | null = null
    if (!isValidDate(e.date)) message = '日期格式应为 YYYY-MM-DD'
    else if (seen.has(e.date)) message = `${e.date} 重复设置`
    else if (!Array.isArray(e.windows)) message = '时段格式有误'
    else {
      for (let j = 0; j < e.windows.length && !message; j++) {
        message = checkWindow(e.windows[j]) ?? (overlapsEarlier(e.windows, j) ? '时段互相重叠' : null)
      }
    }
    if (isValidDate(e.date)) seen.add(e.date)
    if (message) errors[`exceptions.${i}`] = `特殊日期：${message}`
  })
  return errors
}
