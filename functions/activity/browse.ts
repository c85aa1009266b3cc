/** Browsing activities: the list with its filters, and an activity's page as the caller sees it. */
import { withMediaUrl, withMediaUrls } from '../_lib/media'
import type { ActionContext } from '../_lib/define'
import { AppError } from '../_lib/envelope'
import { readPage } from '../_lib/paging'
import { searchWords } from '../../domain/search'
import { checkinWindow } from '../../domain/activity/signup'
import type { ActivityPhase } from '../../domain/activity/status'
import { viewerAction } from '../../domain/activity/viewerAction'
import { organizerActions, signupBadge } from '../../domain/activity/badges'
import { ACTIVITIES, SIGNUPS, TEAMS, type ActivityRecord, type SignupRecord, type TeamRecord } from './records'
import { LIVE_SIGNUP, findSignup, organizes, visibleActivity, waitlistLength, waitlistPosition } from './store'
import { withSeatsReconciled } from './reconcile'
import { activityDetail, activitySummary, signupView } from './views'

export async function teams(ctx: ActionContext) {
  const { data } = await ctx.db.collection<TeamRecord>(TEAMS).limit(100).get()
  return { items: data.map((team) => ({ id: team._id, name: team.name })) }
}

export interface ListQuery {
  category?: string
  teamId?: string
  phase?: ActivityPhase
  hasSeats?: boolean
  /** words, each found in the title or the place */
  q?: string
  /** organizer: the activities of the caller's teams in every status, drafts included */
  manage?: boolean
  offset?: number
  pageSize?: number
}

export async function listActivities(ctx: ActionContext, input: ListQuery) {
  const _ = ctx._
  const { offset = 0, pageSize = 20, phase } = input
  const where: Record<string, unknown> = {}
  if (input.manage) {
    const caller = await ctx.caller()
    if (!caller.roles.has('organizer') && !caller.roles.has('admin')) throw new AppError('FORBIDDEN', '只有组织者可以管理活动')
    if (input.teamId && !organizes(caller, input.teamId)) throw new AppError('FORBIDDEN', '只能管理本服务队的活动')
    if (!caller.roles.has('admin')) where.teamId = _.in(caller.organizerTeams)
  } else {
    where.status = _.in(['published', 'finished'])
  }
  if (input.teamId) where.teamId = input.teamId
  if (input.category) where.category = input.category
  if (phase === 'upcoming') where.startAt = _.gt(ctx.now)
  if (phase === 'ongoing') Object.assign(where, { startAt: _.lte(ctx.now), endAt: _.gt(ctx.now) })
  if (phase === 'past') where.endAt = _.lte(ctx.now)
  if (input.hasSeats) where.seatsLeft = _.gt(0)
  // Each word in the title or the place: still one query, however many words (at most 5).
  const words = searchWords(input.q).map((word) =>
    _.or([{ title: ctx.db.RegExp({ regexp: word, options: 'i' }) }, { 'location.name': ctx.db.RegExp({ regexp: word, options: 'i' }) }]),
  )
  const page = await readPage(
    ctx.db
      .collection<ActivityRecord>(ACTIVITIES)
      .where(words.length ? _.and([where, ...words]) : where)
      .orderBy('startAt', phase === 'past' ? 'desc' : 'asc'),
    offset,
    pageSize,
  )
  // "已报名" marks in the list: the caller's own live signups among this page (one read). Seats held
  // by dead requests are given back by detail and the timed trigger, so a page costs the same whatever it holds.
  const activities = page.items
  const ids = activities.map((a) => a._id)
  const { data: mine } = ids.length
    ? await ctx.db
        .collection<SignupRecord>(SIGNUPS)
        .where({ openid: ctx.openid, activityId: _.in(ids), status: _.in(LIVE_SIGNUP) })
        .limit(100)
        .get()
    : { data: [] as SignupRecord[] }
  const byActivity = new Map(mine.map((signup) => [signup.activityId, signup]))
  const rows = activities.map((a) => {
    const signup = byActivity.get(a._id)
    return { ...activitySummary(a, ctx.now), myBadge: signup ? signupBadge(signup, null) : null }
  })
  const items = await withMediaUrls(ctx, rows, 'cover')
  // The first page also answers what the screen needs around it, so opening the list is one call.
  if (offset > 0) return { items, hasMore: page.hasMore, teams: undefined, viewer: undefined }
  const [caller, around] = await Promise.all([ctx.caller(), teams(ctx)])
  return {
    items,
    hasMore: page.hasMore,
    teams: around.items,
    viewer: { organizer: caller.roles.has('organizer') || caller.roles.has('admin') },
  }
}

/**
 * An activity's page as the caller sees it: the main button, their own entry and, for its organizer,
 * the actions allowed now. The volunteer actions answer it too, so the screen shows the new state at once.
 */
export async function detailView(
  ctx: ActionContext,
  activity: ActivityRecord,
  signup: SignupRecord | null,
  position: number | null,
  waitlistCount: number,
) {
  const caller = await ctx.caller()
  const config = ctx.config.activity
  const window = checkinWindow(activity, config)
  const isOrganizer = organizes(caller, activity.teamId)
  return {
    activity: await withMediaUrl(ctx, activityDetail(activity, ctx.now), 'cover'),
    confirmedCount: activity.capacity - activity.seatsLeft,
    waitlistCount,
    mySignup: signup && signup.status !== 'cancelled' ? signupView(signup) : null,
    myBadge: signup ? signupBadge(signup, position) : null,
    waitlistPosition: position,
    action: viewerAction({ activity, signup, profileComplete: caller.profileComplete, now: ctx.now }, config),
    checkinWindow: { start: window.start.getTime(), end: window.end.getTime() },
    isOrganizer,
    manage: isOrganizer ? organizerActions(activity, ctx.now, config) : null,
    now: ctx.now.getTime(),
  }
}

/** The detail view read afresh: the caller's signup, their waitlist place and the waitlist's length. */
export async function readDetail(ctx: ActionContext, activity: ActivityRecord) {
  const signup = await findSignup(ctx, activity._id, ctx.openid)
  const position = signup ? await waitlistPosition(ctx, signup) : null
  return detailView(ctx, activity, signup, position, await waitlistLength(ctx, activity._id))
}

/** The page of a visible activity, with any dead request's seats given back first. */
export async function activityPage(ctx: ActionContext, activityId: string) {
  return readDetail(ctx, await withSeatsReconciled(ctx, await visibleActivity(ctx, activityId)))
}
