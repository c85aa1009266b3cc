/**
 * The activity service's timed work: ended activities become 'finished', and each confirmed signup
 * never checked in counts once as a no-show. Safe to run twice, or twice at once: every change is
 * conditional on the state it changes from, and a no-show is marked in the same transaction that
 * counts it.
 */
import type { CronJob } from '../_lib/cronJob'
import type { ActionContext } from '../_lib/define'
import { USERS, type UserRecord } from '../_lib/caller'
import { withTransaction } from '../_lib/transaction'
import { isNoShow } from '../../domain/activity/signup'
import { shouldFinish } from '../../domain/activity/status'
import { ACTIVITIES, SIGNUPS, VOLUNTEER_STATS, type ActivityRecord, type SignupRecord, type VolunteerStatsRecord } from './records'
import { ensureDocument, findById } from '../_lib/documents'
import { reconcileSeats, type SeatDrift } from './reconcile'
import { forEachBatch } from '../_lib/paging'

/** published → finished for every activity whose end has passed; its signups follow. */
export async function finishEndedActivities(ctx: ActionContext): Promise<{ finished: number }> {
  let finished = 0
  await forEachBatch<ActivityRecord>(
    (last) =>
      ctx.db
        .collection<ActivityRecord>(ACTIVITIES)
        .where({ _id: ctx._.gt(last?._id ?? ''), status: 'published', endAt: ctx._.lte(ctx.now) })
        .orderBy('_id', 'asc'),
    async (batch) => {
      for (const activity of batch.filter((candidate) => shouldFinish(candidate, ctx.now))) {
        const { stats } = await ctx.db
          .collection(ACTIVITIES)
          .where({ _id: activity._id, status: 'published' })
          .update({ data: { status: 'finished', updatedAt: ctx.now } })
        finished += stats.updated
        await ctx.db
          .collection(SIGNUPS)
          .where({ activityId: activity._id })
          .update({ data: { activityStatus: 'finished' } })
      }
    },
  )
  return { finished }
}

/** Marks one signup a no-show and counts it, unless it already is or no longer qualifies. */
async function countNoShow(ctx: ActionContext, signup: SignupRecord): Promise<boolean> {
  const name = (await findById<UserRecord>(ctx.db, USERS, signup.openid))?.profile?.realName ?? '志愿者'
  const seed: VolunteerStatsRecord = {
    _id: signup.openid,
    name,
    hours: 0,
    points: 0,
    activities: 0,
    noShows: 0,
    teams: [],
    updatedAt: ctx.now,
  }
  await ensureDocument(ctx.db, VOLUNTEER_STATS, { ...seed })
  return withTransaction(ctx.db, async (t) => {
    const current = (await t.collection<SignupRecord>(SIGNUPS).doc(signup._id).get()).data
    if (!qualifiesAsNoShow(current, ctx.now)) return false
    await t
      .collection(SIGNUPS)
      .doc(signup._id)
      .update({ data: { noShow: true } })
    await t
      .collection(VOLUNTEER_STATS)
      .doc(signup.openid)
      .update({ data: { noShows: ctx._.inc(1), updatedAt: ctx.now } })
    return true
  })
}

/**
 * Not yet counted, and no hours confirmed (a confirmation sets `noShow` itself, and the organizer's
 * hand-added hours say the person came).
 */
function qualifiesAsNoShow(signup: SignupRecord, now: Date): boolean {
  return (
    signup.status === 'confirmed' &&
    signup.activityStatus === 'finished' &&
    !signup.noShow &&
    !signup.confirmation &&
    isNoShow({ ...signup, status: signup.status }, signup, now)
  )
}

/** Counts the no-shows of finished activities, each signup once. */
export async function countNoShows(ctx: ActionContext): Promise<{ noShows: number }> {
  let noShows = 0
  await forEachBatch<SignupRecord>(
    (last) =>
      ctx.db
        .collection<SignupRecord>(SIGNUPS)
        .where({
          _id: ctx._.gt(last?._id ?? ''),
          status: 'confirmed',
          activityStatus: 'finished',
          noShow: false,
          confirmation: null,
          checkedInAt: null,
          endAt: ctx._.lte(ctx.now),
        })
        .orderBy('_id', 'asc'),
    async (batch) => {
      for (const signup of batch) if (await countNoShow(ctx, signup)) noShows++
    },
  )
  return { noShows }
}

/**
 * Seats = records for every activity still open: dead requests' seats are given back and any drift
 * between `seatsLeft` and the confirmed signups is repaired and reported (logged as seatDrift).
 */
export async function reconcileOpenActivities(ctx: ActionContext): Promise<{ checked: number; repaired: SeatDrift[] }> {
  const repaired: SeatDrift[] = []
  let checked = 0
  await forEachBatch<ActivityRecord>(
    (last) =>
      ctx.db
        .collection<ActivityRecord>(ACTIVITIES)
        .where({ _id: ctx._.gt(last?._id ?? ''), status: 'published', endAt: ctx._.gt(ctx.now) })
        .orderBy('_id', 'asc'),
    async (batch) => {
      for (const activity of batch) {
        checked++
        const drift = await reconcileSeats(ctx, activity)
        if (drift) repaired.push(drift)
      }
    },
  )
  return { checked, repaired }
}

export const activityCronJobs: CronJob[] = [
  { name: 'reconcileSeats', description: '归还中断请求占用的名额，核对剩余名额与报名记录', run: reconcileOpenActivities },
  { name: 'finishActivities', description: '活动结束后标记为已结束', run: finishEndedActivities },
  { name: 'activityNoShows', description: '统计已结束活动中获得名额却未签到的爽约', run: countNoShows },
]
