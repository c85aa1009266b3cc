/** Activity lifecycle. Finished and cancelled are final: a cancelled activity is never reopened. */
import { refuse, type Decision } from '../errors'

export const ACTIVITY_STATUSES = ['draft', 'published', 'cancelled', 'finished'] as const
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number]

export const ACTIVITY_STATUS_LABELS: Record<ActivityStatus, string> = {
  draft: '草稿',
  published: '报名中',
  cancelled: '已取消',
  finished: '已结束',
}

const TRANSITIONS: Record<ActivityStatus, readonly ActivityStatus[]> = {
  draft: ['published', 'cancelled'],
  published: ['cancelled', 'finished'],
  cancelled: [],
  finished: [],
}

export function isActivityStatus(value: unknown): value is ActivityStatus {
  return typeof value === 'string' && (ACTIVITY_STATUSES as readonly string[]).includes(value)
}

export function canTransitionActivity(from: ActivityStatus, to: ActivityStatus): boolean {
  return TRANSITIONS[from].includes(to)
}

export function checkActivityTransition(from: ActivityStatus, to: ActivityStatus): Decision {
  if (canTransitionActivity(from, to)) return { ok: true }
  return refuse('CONFLICT', `活动${ACTIVITY_STATUS_LABELS[from]}，不能${TRANSITION_VERBS[to]}`)
}

const TRANSITION_VERBS: Record<ActivityStatus, string> = { draft: '改为草稿', published: '发布', cancelled: '取消', finished: '结束' }

/** Whether an edit is allowed: drafts and published activities; never cancelled or finished ones. */
export function isActivityEditable(status: ActivityStatus): boolean {
  return status === 'draft' || status === 'published'
}

/** The list filter upcoming / ongoing / past, from the times alone (start inclusive, end exclusive). */
export type ActivityPhase = 'upcoming' | 'ongoing' | 'past'

export function activityPhase(activity: { startAt: Date; endAt: Date }, now: Date): ActivityPhase {
  if (now.getTime() < activity.startAt.getTime()) return 'upcoming'
  if (now.getTime() < activity.endAt.getTime()) return 'ongoing'
  return 'past'
}

/** A published activity whose end has passed is due to become finished (the cron does it). */
export function shouldFinish(activity: { status: ActivityStatus; endAt: Date }, now: Date): boolean {
  return activity.status === 'published' && now.getTime() >= activity.endAt.getTime()
}
