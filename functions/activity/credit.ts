/**
 * Confirmed hours and the volunteer's totals. A confirmation and the totals it changes are written
 * in one transaction, as deltas from the previous confirmation, so confirming again (a retry, an
 * adjustment) never counts anything twice.
 */
import type { ActionContext } from '../_lib/define'
import { AppError, refuseUnless } from '../_lib/envelope'
import { USERS, type UserRecord } from '../_lib/caller'
import { withTransaction } from '../_lib/transaction'
import {
  MONTHLY_STATS,
  activityMonthId,
  activityMonthSeed,
  bumpCountersInTransaction,
  ensureCounter,
  shanghaiMonth,
} from '../_lib/counters'
import { assessHours, confirmHours } from '../../domain/activity/hours'
import {
  SIGNUPS,
  VOLUNTEER_STATS,
  VOLUNTEER_TEAM_STATS,
  teamStatsId,
  type ActivityRecord,
  type HoursRecord,
  type SignupRecord,
  type VolunteerStatsRecord,
  type VolunteerTeamStatsRecord,
} from './records'
import { ensureDocument, findById } from '../_lib/documents'

export interface CreditRequest {
  signup: SignupRecord
  /** the organizer's hours; absent = what the scans say */
  hours?: number
}

export interface PlannedCredit {
  signup: SignupRecord
  record: HoursRecord
  noShow: boolean
}

/** Checks one confirmation without writing (so a batch with one bad entry changes nothing). */
export function planCredit(ctx: ActionContext, activity: ActivityRecord, request: CreditRequest): PlannedCredit {
  const { signup } = request
  if (signup.status !== 'confirmed') throw new AppError('CONFLICT', '只能为已获得名额的报名者确认时长')
  const assessment = assessHours(signup, activity.hours)
  const decision = confirmHours(assessment, activity, request.hours)
  refuseUnless(decision)
  return {
    signup,
    record: { hours: decision.hours, points: decision.points, source: decision.source, by: ctx.openid, at: ctx.now },
    noShow: assessment.kind === 'absent' && decision.hours === 0,
  }
}

async function displayName(ctx: ActionContext, openid: string): Promise<string> {
  const user = await findById<UserRecord>(ctx.db, USERS, openid)
  return user?.profile?.realName ?? '志愿者'
}

/** Writes a planned confirmation; `changed` is false when it was already so (a repeat). */
export async function applyCredit(ctx: ActionContext, activity: ActivityRecord, plan: PlannedCredit): Promise<{ changed: boolean }> {
  const { signup, record } = plan
  const same = (prev: HoursRecord | null) => prev !== null && prev.hours === record.hours && prev.points === record.points
  if (same(signup.confirmation)) return { changed: false }

  const name = await displayName(ctx, signup.openid)
  const zero = { hours: 0, points: 0, updatedAt: ctx.now, name }
  const statsSeed: Omit<VolunteerStatsRecord, '_id'> = { ...zero, activities: 0, noShows: 0, teams: [] }
  const teamSeed: Omit<VolunteerTeamStatsRecord, '_id'> = { ...zero, teamId: activity.teamId, openid: signup.openid }
  await ensureDocument(ctx.db, VOLUNTEER_STATS, { _id: signup.openid, ...statsSeed })
  await ensureDocument(ctx.db, VOLUNTEER_TEAM_STATS, { _id: teamStatsId(activity.teamId, signup.openid), ...teamSeed })
  const month = shanghaiMonth(activity.startAt)
  await ensureCounter(ctx, MONTHLY_STATS, activityMonthId(month), activityMonthSeed(month))

  const _ = ctx._
  return withTransaction(ctx.db, async (t) => {
    const current = (await t.collection<SignupRecord>(SIGNUPS).doc(signup._id).get()).data
    if (same(current.confirmation)) return { changed: false }
    const previous = current.confirmation
    const hours = record.hours - (previous?.hours ?? 0)
    const points = record.points - (previous?.points ?? 0)
    const activities = (record.hours > 0 ? 1 : 0) - (previous && previous.hours > 0 ? 1 : 0)
    const noShows = (plan.noShow ? 1 : 0) - (current.noShow ? 1 : 0)
    await t
      .collection(SIGNUPS)
      .doc(signup._id)
      .update({ data: { confirmation: _.set(record), hoursLog: _.push(record), noShow: plan.noShow } })
    await t
      .collection(VOLUNTEER_STATS)
      .doc(signup.openid)
      .update({
        data: {
          hours: _.inc(hours),
          points: _.inc(points),
          activities: _.inc(activities),
          noShows: _.inc(noShows),
          teams: _.addToSet(activity.teamId),
          name,
          updatedAt: ctx.now,
        },
      })
    await t
      .collection(VOLUNTEER_TEAM_STATS)
      .doc(teamStatsId(activity.teamId, signup.openid))
      .update({ data: { hours: _.inc(hours), points: _.inc(points), name, updatedAt: ctx.now } })
    await bumpCountersInTransaction(ctx, t, MONTHLY_STATS, activityMonthId(month), { hours })
    return { changed: true }
  })
}
