/** Signing up, cancelling, the waitlist and the check-in window of an activity. */
import { defaultConfig, type ActivityConfig } from '../config'
import { refuse, type Decision } from '../errors'
import { HOUR_MS, formatDateTimeCn, formatTimeRangeCn, rangesOverlap, shanghaiTime, type TimeRange } from '../time'
import type { ActivityStatus } from './status'

export type SignupStatus = 'confirmed' | 'waitlisted' | 'cancelled'

export interface SignupActivity {
  status: ActivityStatus
  startAt: Date
  endAt: Date
  signupDeadline: Date
  capacity: number
}

export interface SignupRequest {
  activity: SignupActivity
  now: Date
  profileComplete: boolean
  /** confirmed signups of the activity, as last read (capacity − seats left) */
  confirmedCount: number
  /** the person's current signup for this activity, if any */
  existing?: { status: SignupStatus } | null
  /** the person's other confirmed activities, for the no-overlap rule */
  otherConfirmed?: ReadonlyArray<TimeRange & { title?: string }>
}

export type SignupDecision = Decision<{ status: 'confirmed' | 'waitlisted'; repeated: boolean }>

/**
 * Whether and how a person joins an activity. Checks in this order: a live repeat (same answer as
 * before, whatever the clock says), the activity open, the deadline (strictly before it), the
 * profile, overlap with the person's confirmed activities; then a seat if one is left, else the
 * waitlist. Capacity under concurrency is the caller's conditional seat write: 'confirmed' means a
 * seat is tried for (the waitlist if it was taken meanwhile), 'waitlisted' the waitlist at once.
 */
export function decideSignup(req: SignupRequest): SignupDecision {
  const { activity, now } = req
  if (req.existing && req.existing.status !== 'cancelled') return { ok: true, status: req.existing.status, repeated: true }
  if (activity.status !== 'published') return refuse('CONFLICT', activity.status === 'cancelled' ? '活动已取消' : '活动未开放报名')
  if (now.getTime() >= activity.signupDeadline.getTime())
    return refuse('DEADLINE_PASSED', `报名已于 ${formatDateTimeCn(activity.signupDeadline)} 截止`)
  if (!req.profileComplete) return refuse('PROFILE_INCOMPLETE')
  const clash = (req.otherConfirmed ?? []).find((other) => rangesOverlap(other, { start: activity.startAt, end: activity.endAt }))
  if (clash) {
    const what = clash.title ? `「${clash.title}」` : '您已报名的其他活动'
    return refuse('TIME_CONFLICT', `与${what}（${formatTimeRangeCn(clash.start, clash.end)}）时间冲突`)
  }
  return { ok: true, status: req.confirmedCount < activity.capacity ? 'confirmed' : 'waitlisted', repeated: false }
}

/**
 * A confirmed seat can be given up until `cancelCutoffMs` (2 h) before start, that instant included.
 * A waitlist place frees nothing anyone waits for, so it can be left until the start.
 */
export function checkSignupCancel(
  activity: { status: ActivityStatus; startAt: Date },
  signupStatus: SignupStatus,
  now: Date,
  config: ActivityConfig = defaultConfig.activity,
): Decision {
  if (signupStatus === 'cancelled') return { ok: true }
  if (activity.status !== 'published') return refuse('CONFLICT', activity.status === 'cancelled' ? '活动已取消' : '活动已结束')
  const limit = signupStatus === 'confirmed' ? activity.startAt.getTime() - config.cancelCutoffMs : activity.startAt.getTime()
  if (now.getTime() > limit) {
    return refuse(
      'TOO_LATE_TO_CANCEL',
      signupStatus === 'confirmed' ? `活动开始前 ${config.cancelCutoffMs / HOUR_MS} 小时内不能取消报名` : '活动已开始',
    )
  }
  return { ok: true }
}

export interface WaitlistEntry {
  id: string
  /** the server's arrival order (unique within an activity) */
  seq: number
}

/**
 * Who is offered a freed seat, in turn: the waitlist by arrival (`seq`; ties by id, so every replica
 * agrees), leaving out whoever has since been confirmed for an overlapping activity (`hasConflict`).
 * The first who can still take it gets it; a seat nobody can take goes back to the activity.
 */
export function promotionOrder<T extends WaitlistEntry>(waitlist: readonly T[], hasConflict: (entry: T) => boolean = () => false): T[] {
  return [...waitlist].sort((a, b) => a.seq - b.seq || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).filter((entry) => !hasConflict(entry))
}

/** Check-in and check-out are open from 30 min before start to the end, both ends included. */
export function checkinWindow(activity: { startAt: Date; endAt: Date }, config: ActivityConfig = defaultConfig.activity): TimeRange {
  return { start: new Date(activity.startAt.getTime() - config.checkinOpensBeforeStartMs), end: activity.endAt }
}

export function isInCheckinWindow(
  activity: { startAt: Date; endAt: Date },
  now: Date,
  config: ActivityConfig = defaultConfig.activity,
): boolean {
  const w = checkinWindow(activity, config)
  return now.getTime() >= w.start.getTime() && now.getTime() <= w.end.getTime()
}

export type ScanKind = 'checkin' | 'checkout'

export interface Attendance {
  checkedInAt?: Date | null
  checkedOutAt?: Date | null
}

/**
 * Whether a volunteer's scan counts. The person needs a confirmed seat and the window must be open;
 * a second check-in or check-out is answered as the first (`repeated`) and changes nothing.
 * Check-out needs a check-in first.
 */
export function decideScan(
  kind: ScanKind,
  input: {
    activity: { status: ActivityStatus; startAt: Date; endAt: Date }
    signup: ({ status: SignupStatus } & Attendance) | null
    now: Date
  },
  config: ActivityConfig = defaultConfig.activity,
): Decision<{ repeated: boolean }> {
  const { activity, signup, now } = input
  if (activity.status === 'cancelled') return refuse('CONFLICT', '活动已取消')
  if (activity.status === 'draft') return refuse('NOT_FOUND', '活动未发布')
  if (!signup || signup.status === 'cancelled') return refuse('FORBIDDEN', '您没有报名该活动')
  if (signup.status === 'waitlisted') return refuse('FORBIDDEN', '您在候补名单中，尚未获得名额')
  if (kind === 'checkin' && signup.checkedInAt) return { ok: true, repeated: true }
  if (kind === 'checkout' && signup.checkedOutAt) return { ok: true, repeated: true }
  if (!isInCheckinWindow(activity, now, config)) {
    const w = checkinWindow(activity, config)
    return refuse('NOT_IN_WINDOW', `${kind === 'checkin' ? '签到' : '签退'}时间为 ${formatDateTimeCn(w.start)} 至 ${shanghaiTime(w.end)}`)
  }
  if (kind === 'checkout' && !signup.checkedInAt) return refuse('CONFLICT', '请先签到')
  return { ok: true, repeated: false }
}

/** An organizer may check someone in by hand once the window has opened, also after the end. */
export function canOrganizerCheckIn(
  activity: { status: ActivityStatus; startAt: Date },
  now: Date,
  config: ActivityConfig = defaultConfig.activity,
): boolean {
  return (
    (activity.status === 'published' || activity.status === 'finished') &&
    now.getTime() >= activity.startAt.getTime() - config.checkinOpensBeforeStartMs
  )
}

/** A no-show: held a confirmed seat, never checked in, and the activity is over. */
export function isNoShow(signup: { status: SignupStatus } & Attendance, activity: { endAt: Date }, now: Date): boolean {
  return signup.status === 'confirmed' && !signup.checkedInAt && now.getTime() >= activity.endAt.getTime()
}
