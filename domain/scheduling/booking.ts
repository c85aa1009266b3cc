/** What any slot booking service holds to: which bookings hold time, and how many one person may hold. */
import { refuse, type Decision } from '../errors'

/** A booking in one of these states holds its slot and counts toward the person's limit (until it ends). */
export const HOLDING_STATUSES = ['pending', 'confirmed'] as const

export function holdsTime(booking: { status: string; end: Date }, now: Date): boolean {
  return (HOLDING_STATUSES as readonly string[]).includes(booking.status) && booking.end.getTime() > now.getTime()
}

/** A person holds at most `max` upcoming bookings; `upcoming` excludes the one a reschedule replaces. */
export function checkUpcomingLimit(upcoming: number, max: number): Decision {
  return upcoming < max ? { ok: true } : refuse('BOOKING_LIMIT', `最多同时保留 ${max} 个未完成的预约`)
}
