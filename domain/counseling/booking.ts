/** Counseling booking lifecycle and the rules on holding, cancelling and rescheduling bookings. */
import { defaultConfig, type CounselingConfig } from '../config'
import { refuse, type Decision } from '../errors'
import { DAY_MS, HOUR_MS, formatDateTimeCn } from '../time'
import { checkUpcomingLimit, holdsTime } from '../scheduling/booking'

export const BOOKING_STATUSES = ['pending', 'confirmed', 'declined', 'cancelled', 'completed', 'no_show'] as const
export type BookingStatus = (typeof BOOKING_STATUSES)[number]

export const BOOKING_STATUS_LABELS: Record<BookingStatus, string> = {
  pending: '待确认',
  confirmed: '已确认',
  declined: '已婉拒',
  cancelled: '已取消',
  completed: '已完成',
  no_show: '未到场',
}

/**
 * pending → confirmed | declined | cancelled; confirmed → completed | no_show | cancelled. A
 * reschedule cancels the old booking and creates a new pending one; the others are final.
 */
const TRANSITIONS: Record<BookingStatus, readonly BookingStatus[]> = {
  pending: ['confirmed', 'declined', 'cancelled'],
  confirmed: ['completed', 'no_show', 'cancelled'],
  declined: [],
  cancelled: [],
  completed: [],
  no_show: [],
}

export function canTransitionBooking(from: BookingStatus, to: BookingStatus): boolean {
  return TRANSITIONS[from].includes(to)
}

export function checkBookingTransition(from: BookingStatus, to: BookingStatus): Decision {
  return canTransitionBooking(from, to)
    ? { ok: true }
    : refuse('CONFLICT', `预约${BOOKING_STATUS_LABELS[from]}，不能改为${BOOKING_STATUS_LABELS[to]}`)
}

/** Holding time and counting toward the limit: pending or confirmed, and not yet over. */
export function isUpcomingBooking(booking: { status: BookingStatus; end: Date }, now: Date): boolean {
  return holdsTime(booking, now)
}

/** A worker holds at most 2 upcoming bookings; `upcoming` excludes the one being replaced by a reschedule. */
export function checkBookingLimit(upcoming: number, config: CounselingConfig = defaultConfig.counseling): Decision {
  return checkUpcomingLimit(upcoming, config.maxUpcomingBookings)
}

/**
 * The worker may cancel a pending or confirmed booking until 12 h before its start, that instant
 * included; the same cutoff for pending ones, so a counselor's morning is not emptied at night.
 */
export function checkWorkerCancel(
  booking: { status: BookingStatus; start: Date },
  now: Date,
  config: CounselingConfig = defaultConfig.counseling,
): Decision {
  const transition = checkBookingTransition(booking.status, 'cancelled')
  if (!transition.ok) return transition
  if (now.getTime() > booking.start.getTime() - config.workerCancelCutoffMs) {
    return refuse('TOO_LATE_TO_CANCEL', `开始前 ${config.workerCancelCutoffMs / HOUR_MS} 小时内不能取消或改期，如有需要请联系咨询师`)
  }
  return { ok: true }
}

/**
 * A cancel asked of a booking already cancelled is the same request again only when the same side
 * cancelled it and no reschedule replaced it; anything else means the screen showed a stale record.
 */
export function checkSameCancellation(
  booking: { cancellation: { by: 'worker' | 'counselor' } | null; rescheduledTo?: string | null },
  by: 'worker' | 'counselor',
): Decision {
  if (booking.rescheduledTo) return refuse('CONFLICT', '该预约已改期，原时段已取消，请查看新的预约')
  if (booking.cancellation?.by !== by) return refuse('CONFLICT', by === 'worker' ? '咨询师已取消该预约' : '来访者已取消该预约')
  return { ok: true }
}

/** The counselor may cancel any time before the outcome, with a reason the worker will read. */
export function checkCounselorCancel(booking: { status: BookingStatus }, reason: string): Decision {
  const transition = checkBookingTransition(booking.status, 'cancelled')
  if (!transition.ok) return transition
  const length = Array.from(reason.trim()).length
  if (length === 0) return refuse('INVALID_ARGUMENT', '请填写取消原因')
  if (length > 200) return refuse('INVALID_ARGUMENT', '取消原因不能超过 200 字')
  return { ok: true }
}

/** Reschedule = cancel + new booking: the worker's cancel rule, and at most 2 per booking chain. */
export function checkReschedule(
  booking: { status: BookingStatus; start: Date; rescheduleCount: number },
  now: Date,
  config: CounselingConfig = defaultConfig.counseling,
): Decision {
  const cancel = checkWorkerCancel(booking, now, config)
  if (!cancel.ok) return cancel
  if (booking.rescheduleCount >= config.maxReschedules) return refuse('RESCHEDULE_LIMIT', `每个预约最多改期 ${config.maxReschedules} 次`)
  return { ok: true }
}

/** Completed or no-show can only be recorded once the session has started. */
export function checkOutcome(booking: { status: BookingStatus; start: Date }, outcome: 'completed' | 'no_show', now: Date): Decision {
  const transition = checkBookingTransition(booking.status, outcome)
  if (!transition.ok) return transition
  if (now.getTime() < booking.start.getTime()) return refuse('NOT_IN_WINDOW', '咨询开始后才能记录结果')
  return { ok: true }
}

/**
 * No-show suspension: whenever a no-show is the 3rd within 90 days (counting itself), new
 * bookings are suspended for 30 days from it. The time of a no-show is the missed session's start.
 * A sliding window: after a suspension, one more no-show with two others still in its 90 days
 * suspends again. Returns the latest end of any suspension, or null.
 */
export function suspendedUntil(noShowStarts: readonly Date[], now: Date, config: CounselingConfig = defaultConfig.counseling): Date | null {
  const times = noShowStarts
    .map((d) => d.getTime())
    .filter((t) => t <= now.getTime())
    .sort((a, b) => a - b)
  const k = config.noShowThreshold
  let until: number | null = null
  for (let i = k - 1; i < times.length; i++) {
    if (times[i] - times[i - k + 1] <= config.noShowWindowMs) until = times[i] + config.suspensionMs
  }
  return until !== null && until > now.getTime() ? new Date(until) : null
}

export function checkNotSuspended(noShowStarts: readonly Date[], now: Date, config: CounselingConfig = defaultConfig.counseling): Decision {
  const until = suspendedUntil(noShowStarts, now, config)
  if (!until) return { ok: true }
  return refuse(
    'SUSPENDED',
    `${config.noShowWindowMs / DAY_MS} 天内爽约 ${config.noShowThreshold} 次，${formatDateTimeCn(until)} 前暂停预约`,
  )
}
