/**
 * The one thing a person can do on an activity's page right now, and how its main button reads.
 * The server computes it (it knows the clock, the seats and the person's signup); the screen only
 * renders it, so the button and the rules never disagree.
 */
import { defaultConfig, type ActivityConfig } from '../config'
import type { ActivityStatus } from './status'
import { isInCheckinWindow, type SignupStatus } from './signup'

export type ViewerActionKind =
  | 'signup'
  | 'joinWaitlist'
  | 'completeProfile'
  | 'cancelSignup'
  | 'leaveWaitlist'
  | 'signedUp'
  | 'checkin'
  | 'checkout'
  | 'attended'
  | 'deadlinePassed'
  | 'activityCancelled'
  | 'activityEnded'
  | 'notPublished'

export interface ViewerAction {
  kind: ViewerActionKind
  label: string
  /** Whether pressing the button does something (the disabled ones only say why not). */
  enabled: boolean
}

export interface ViewerState {
  activity: { status: ActivityStatus; startAt: Date; endAt: Date; signupDeadline: Date; seatsLeft: number }
  signup: { status: SignupStatus | 'pending'; checkedInAt?: Date | null; checkedOutAt?: Date | null } | null
  profileComplete: boolean
  now: Date
}

const act = (kind: ViewerActionKind, label: string, enabled = true): ViewerAction => ({ kind, label, enabled })

export function viewerAction(state: ViewerState, config: ActivityConfig = defaultConfig.activity): ViewerAction {
  const { activity, signup, now } = state
  if (activity.status === 'draft') return act('notPublished', '未发布', false)
  if (activity.status === 'cancelled') return act('activityCancelled', '活动已取消', false)
  const ended = activity.status === 'finished' || now.getTime() > activity.endAt.getTime()
  const live = signup && signup.status !== 'cancelled' ? signup : null

  if (live?.status === 'confirmed') {
    if (live.checkedOutAt) return act('attended', '已签退', false)
    if (ended) return act('activityEnded', live.checkedInAt ? '活动已结束' : '活动已结束（未签到）', false)
    const windowOpen = isInCheckinWindow(activity, now, config)
    if (live.checkedInAt) return windowOpen ? act('checkout', '扫码签退') : act('attended', '已签到', false)
    if (windowOpen) return act('checkin', '扫码签到')
    // The state itself (已报名 / 候补第 N 位) is the entry's badge; the button says what it does.
    if (now.getTime() <= activity.startAt.getTime() - config.cancelCutoffMs) return act('cancelSignup', '取消报名')
    return act('signedUp', '已报名', false)
  }
  if (live?.status === 'waitlisted') {
    if (now.getTime() > activity.startAt.getTime()) return act('activityEnded', '未获得名额', false)
    return act('leaveWaitlist', '取消候补')
  }
  if (live?.status === 'pending') return act('signedUp', '报名处理中', false)
  if (ended) return act('activityEnded', '活动已结束', false)
  if (now.getTime() >= activity.signupDeadline.getTime()) return act('deadlinePassed', '已截止', false)
  if (!state.profileComplete) return act('completeProfile', '完善资料后报名')
  return activity.seatsLeft > 0 ? act('signup', '报名') : act('joinWaitlist', '名额已满 · 排队候补')
}
