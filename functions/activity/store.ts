/** Reads and access checks every activity action shares. */
import type { ActionContext } from '../_lib/define'
import { AppError } from '../_lib/envelope'
import type { Caller, UserRecord } from '../_lib/caller'
import { USERS } from '../_lib/caller'
import { findById } from '../_lib/documents'
import { MAX_READ } from '../_lib/paging'
import {
  ACTIVITIES,
  SIGNUPS,
  VOLUNTEER_STATS,
  signupId,
  type ActivityRecord,
  type SignupRecord,
  type VolunteerStatsRecord,
} from './records'
import type { Person } from './reports'

/** The signups that hold a seat or wait for one. */
export const LIVE_SIGNUP = ['confirmed', 'waitlisted']

export function organizes(caller: Caller, teamId: string): boolean {
  return caller.roles.has('admin') || (caller.roles.has('organizer') && caller.organizerTeams.includes(teamId))
}

export async function requireActivity(ctx: ActionContext, activityId: string): Promise<ActivityRecord> {
  const activity = await findById<ActivityRecord>(ctx.db, ACTIVITIES, activityId)
  if (!activity) throw new AppError('NOT_FOUND', '活动不存在')
  return activity
}

/** An activity as a volunteer may see it: drafts exist only for the organizers of their team. */
export async function visibleActivity(ctx: ActionContext, activityId: string): Promise<ActivityRecord> {
  const activity = await requireActivity(ctx, activityId)
  if (activity.status === 'draft' && !organizes(await ctx.caller(), activity.teamId)) throw new AppError('NOT_FOUND', '活动不存在')
  return activity
}

/** The activity, when the caller organizes its team (FORBIDDEN for anyone else, other teams' organizers included). */
export async function organizedActivity(ctx: ActionContext, activityId: string): Promise<ActivityRecord> {
  const activity = await requireActivity(ctx, activityId)
  if (!organizes(await ctx.caller(), activity.teamId)) throw new AppError('FORBIDDEN', '只有本服务队的组织者可以进行此操作')
  return activity
}

export async function findSignup(ctx: ActionContext, activityId: string, openid: string): Promise<SignupRecord | null> {
  return findById<SignupRecord>(ctx.db, SIGNUPS, signupId(activityId, openid))
}

/**
 * 1-based places in the waitlists of several signups, in one aggregation (not one count each):
 * for each activity, the waitlisted signups that arrived no later.
 */
export async function waitlistPositions(ctx: ActionContext, signups: SignupRecord[]): Promise<Map<string, number>> {
  const _ = ctx._
  const waiting = signups.filter((s) => s.status === 'waitlisted')
  if (waiting.length === 0) return new Map()
  const { list } = await ctx.db
    .collection(SIGNUPS)
    .aggregate()
    .match(_.or(waiting.map((s) => ({ activityId: s.activityId, status: 'waitlisted', seq: _.lte(s.seq) }))))
    .group({ _id: '$activityId', ahead: ctx.db.command.aggregate.sum(1) })
    .limit(waiting.length)
    .end()
  const ahead = new Map(list.map((row) => [row._id as string, row.ahead as number]))
  return new Map(waiting.map((s) => [s._id, ahead.get(s.activityId) ?? 1]))
}

/** How many wait for a seat of the activity. */
export async function waitlistLength(ctx: ActionContext, activityId: string): Promise<number> {
  const { total } = await ctx.db.collection(SIGNUPS).where({ activityId, status: 'waitlisted' }).count()
  return total
}

/** 1-based place in the waitlist, by arrival. */
export async function waitlistPosition(ctx: ActionContext, signup: SignupRecord): Promise<number | null> {
  if (signup.status !== 'waitlisted') return null
  const { total } = await ctx.db
    .collection(SIGNUPS)
    .where({ activityId: signup.activityId, status: 'waitlisted', seq: ctx._.lte(signup.seq) })
    .count()
  return total
}

/** Names, phones and no-show counts of the people behind some signups (two reads per 100 people). */
export async function people(ctx: ActionContext, openids: string[]): Promise<Map<string, Person>> {
  const _ = ctx._
  const who = new Map<string, Person>()
  for (let i = 0; i < openids.length; i += MAX_READ) {
    const batch = openids.slice(i, i + MAX_READ)
    const [{ data: users }, { data: stats }] = await Promise.all([
      ctx.db
        .collection<UserRecord>(USERS)
        .where({ _id: _.in(batch) })
        .limit(MAX_READ)
        .get(),
      ctx.db
        .collection<VolunteerStatsRecord>(VOLUNTEER_STATS)
        .where({ _id: _.in(batch) })
        .limit(MAX_READ)
        .get(),
    ])
    const noShows = new Map(stats.map((st) => [st._id, st.noShows]))
    const profiles = new Map(users.map((u) => [u._id, u.profile]))
    for (const openid of batch) {
      const profile = profiles.get(openid)
      who.set(openid, {
        name: profile?.realName ?? '未填写',
        phone: profile?.phone ?? '',
        workUnit: profile?.workUnit ?? '',
        noShows: noShows.get(openid) ?? 0,
      })
    }
  }
  return who
}
