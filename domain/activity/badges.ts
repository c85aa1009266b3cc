/**
 * What the screens show as status and which organizer actions they offer, decided here from the
 * server's clock (PRODUCT.md, "How the screens behave"): the phone only renders the answer.
 */
import { defaultConfig, type ActivityConfig } from '../config'
import { canOrganizerCheckIn, type SignupStatus } from './signup'
import { isActivityEditable, type ActivityStatus } from './status'

export type ActivityBadgeKey = 'draft' | 'open' | 'full' | 'closed' | 'ongoing' | 'ended' | 'cancelled'
export interface Badge<K extends string = string> {
  key: K
  label: string
}

const ACTIVITY_BADGES: Record<ActivityBadgeKey, string> = {
  draft: '草稿',
  open: '报名中',
  full: '已满（可候补）',
  closed: '已截止',
  ongoing: '进行中',
  ended: '已结束',
  cancelled: '已取消',
}

export interface BadgeActivity {
  status: ActivityStatus
  startAt: Date
  endAt: Date
  signupDeadline: Date
  seatsLeft: number
}

export function activityBadge(activity: BadgeActivity, now: Date): Badge<ActivityBadgeKey> {
  const at = now.getTime()
  const key: ActivityBadgeKey =
    activity.status === 'draft' || activity.status === 'cancelled'
      ? activity.status
      : activity.status === 'finished' || at >= activity.endAt.getTime()
        ? 'ended'
        : at >= activity.startAt.getTime()
          ? 'ongoing'
          : at >= activity.signupDeadline.getTime()
            ? 'closed'
            : activity.seatsLeft <= 0
              ? 'full'
              : 'open'
  return { key, label: ACTIVITY_BADGES[key] }
}

export type SignupBadgeKey = 'signedUp' | 'waitlisted' | 'checkedIn' | 'checkedOut' | 'pending'

/** A person's own entry: 已报名 / 候补第 N 位 / 已签到 (/ 已签退). */
export function signupBadge(
  signup: { status: SignupStatus | 'pending'; checkedInAt?: Date | null; checkedOutAt?: Date | null },
  waitlistPosition: number | null,
): Badge<SignupBadgeKey> | null {
  if (signup.status === 'cancelled') return null
  if (signup.status === 'pending') return { key: 'pending', label: '报名处理中' }
  if (signup.status === 'waitlisted') return { key: 'waitlisted', label: waitlistPosition ? `候补第 ${waitlistPosition} 位` : '候补中' }
  if (signup.checkedOutAt) return { key: 'checkedOut', label: '已签退' }
  if (signup.checkedInAt) return { key: 'checkedIn', label: '已签到' }
  return { key: 'signedUp', label: '已报名' }
}

/** Which organizer actions the activity allows now; each flag mirrors the check of its action. */
export interface OrganizerActions {
  publish: boolean
  edit: boolean
  cancel: boolean
  /** the rotating check-in / check-out QR (the screen says when the window opens) */
  checkinCode: boolean
  manualCheckin: boolean
  confirmHours: boolean
}

export function organizerActions(activity: BadgeActivity, now: Date, config: ActivityConfig = defaultConfig.activity): OrganizerActions {
  const at = now.getTime()
  const notOver = at < activity.endAt.getTime()
  const live = activity.status === 'published' || activity.status === 'finished'
  return {
    publish: activity.status === 'draft' && at < activity.signupDeadline.getTime(),
    edit: isActivityEditable(activity.status) && notOver,
    cancel: (activity.status === 'draft' || activity.status === 'published') && notOver,
    checkinCode: activity.status === 'published' && notOver,
    manualCheckin: canOrganizerCheckIn(activity, now, config),
    confirmHours: live && !notOver,
  }
}
