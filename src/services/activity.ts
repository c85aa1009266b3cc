/**
 * The activity service as the screens use it: `cloud.activity.<action>` (typed by the function's own
 * action table), the views' types read off the same contract, and the one call that needs more than
 * the bare action.
 */
import type { Answer, Input } from '../../functions/contract'
import { cloud } from './cloud'
import { requestSubscriptions } from './subscriptions'

export type ActivityDetail = Answer<'activity', 'detail'>
export type ActivityListItem = Answer<'activity', 'list'>['items'][number]
/** The list's filters (the page is the list's own business). */
export type ListFilters = Omit<Input<'activity', 'list'>, 'offset' | 'pageSize'>
/** A person's signup as its owner sees it. */
export type SignupView = NonNullable<ActivityDetail['mySignup']>
export type RosterEntry = Answer<'activity', 'roster'>['items'][number]
export type CheckinCode = Answer<'activity', 'checkinCode'>
export type VerifiedVolunteer = Answer<'activity', 'verifyVolunteerCard'>
/** What the organizer's form sends: instants as epoch ms. */
export type ActivityInput = Omit<Input<'activity', 'create'>, 'teamId' | 'requestId' | 'publish'>

/** 报名, in the tap: asks for the waitlist-promotion message first (WeChat allows it only there). */
export function signUp(activityId: string) {
  void requestSubscriptions('signup')
  return cloud.activity.signup({ activityId })
}

export const ACTIVITY_PAGES = {
  list: '/packages/activity/pages/list/index',
  detail: '/packages/activity/pages/detail/index',
  mine: '/packages/activity/pages/mine/index',
  card: '/packages/activity/pages/card/index',
  form: '/packages/activity/pages/form/index',
  roster: '/packages/activity/pages/roster/index',
  checkin: '/packages/activity/pages/checkin/index',
  scan: '/packages/activity/pages/scan/index',
}
