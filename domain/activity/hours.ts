/**
 * Service hours and points. Measured hours = min(check-out − check-in, planned), rounded DOWN to a
 * half hour (1 h 59 min → 1.5 h): hours are a record of service actually given, so they never round
 * up. Nothing is credited automatically: the organizer confirms every person after the activity,
 * and points come with that confirmation.
 */
import { refuse, type Decision } from '../errors'
import { HOUR_MS } from '../time'
import type { Attendance } from './signup'

const HALF_HOUR_MS = HOUR_MS / 2

/** Rounds hours down to a multiple of 0.5 (never below 0). */
export function floorToHalfHour(hours: number): number {
  return Math.max(0, Math.floor(hours * 2 + 1e-9) / 2)
}

/** min(actual, planned) in half hours, rounded down. A check-out before the check-in counts 0. */
export function measuredHours(checkedInAt: Date, checkedOutAt: Date, plannedHours: number): number {
  const halves = Math.floor(Math.max(0, checkedOutAt.getTime() - checkedInAt.getTime()) / HALF_HOUR_MS)
  return Math.min(halves / 2, floorToHalfHour(plannedHours))
}

/**
 * What the scans say, before the organizer confirms:
 * - measured: both scans; the hours are the suggestion.
 * - checkout_missing: checked in but never out; the time is unknown, so no suggestion above
 *   `maxHours` (the planned hours) and nothing counts until the organizer confirms.
 * - absent: never checked in (a no-show unless the organizer checks them in by hand).
 */
export type HoursAssessment = { kind: 'measured'; hours: number } | { kind: 'checkout_missing'; maxHours: number } | { kind: 'absent' }

export function assessHours(attendance: Attendance, plannedHours: number): HoursAssessment {
  if (!attendance.checkedInAt) return { kind: 'absent' }
  if (!attendance.checkedOutAt) return { kind: 'checkout_missing', maxHours: floorToHalfHour(plannedHours) }
  return { kind: 'measured', hours: measuredHours(attendance.checkedInAt, attendance.checkedOutAt, plannedHours) }
}

export interface HoursConfirmation {
  hours: number
  points: number
  /**
   * 'measured' when the organizer accepted what the scans say (incl. 0 for an absent person);
   * 'organizer' when the organizer set the hours (an adjustment, a missing check-out, a hand
   * check-in): store who and when.
   */
  source: 'measured' | 'organizer'
}

/**
 * The organizer's confirmation. `organizerHours` overrides the suggestion; it must be a multiple of
 * 0.5 between 0 and the planned hours (never more: a forgotten check-out cannot inflate anything).
 * Without it, measured hours are taken as they are, a missing check-out gets the planned hours
 * (the organizer is vouching for the person), an absent person gets 0. Points are the activity's
 * points when any hours are credited, else 0.
 */
export function confirmHours(
  assessment: HoursAssessment,
  activity: { hours: number; points: number },
  organizerHours?: number,
): Decision<HoursConfirmation> {
  const planned = floorToHalfHour(activity.hours)
  let hours: number
  let source: HoursConfirmation['source']
  if (organizerHours !== undefined) {
    if (!Number.isFinite(organizerHours) || organizerHours < 0 || !Number.isInteger(organizerHours * 2)) {
      return refuse('INVALID_ARGUMENT', '服务时长应为 0.5 小时的整数倍')
    }
    if (organizerHours > planned) return refuse('INVALID_ARGUMENT', `服务时长不能超过活动计划时长 ${planned} 小时`)
    hours = organizerHours
    source = assessment.kind === 'measured' && assessment.hours === organizerHours ? 'measured' : 'organizer'
  } else if (assessment.kind === 'measured') {
    hours = assessment.hours
    source = 'measured'
  } else if (assessment.kind === 'checkout_missing') {
    hours = assessment.maxHours
    source = 'organizer'
  } else {
    // Absent and nothing added by hand: 0 hours, as the scans say.
    hours = 0
    source = 'measured'
  }
  return { ok: true, hours, points: hours > 0 ? activity.points : 0, source }
}
