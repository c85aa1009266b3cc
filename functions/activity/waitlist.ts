/** The waitlist: a freed seat goes to the first waitlisted person by arrival who can take it (see seats.ts). */
import type { ActionContext } from '../_lib/define'
import { USERS, type UserRecord } from '../_lib/caller'
import { notify } from '../_lib/notify'
import { findById } from '../_lib/documents'
import { forEachBatch } from '../_lib/paging'
import { promotionOrder } from '../../domain/activity/signup'
import { formatShanghai, formatTimeRangeCn } from '../../domain/time'
import { ACTIVITIES, SIGNUPS, signupId, type ActivityRecord, type SignupRecord } from './records'
import { overlapWhere, settleConfirmation, versionOf } from './schedule'
import { returnSeat, takeSeat } from './seats'

const PROMOTION_PAGE = 20

/**
 * Moves the first waitlisted person (domain rule `promotionOrder`: by arrival, skipping whoever is now
 * confirmed for an overlapping activity) to a confirmed seat. The caller holds the seat being handed
 * over. Null when nobody can take it. Per page of candidates: their schedule versions and overlapping
 * confirmations in two queries.
 */
async function promoteNext(ctx: ActionContext, activity: ActivityRecord): Promise<SignupRecord | null> {
  const _ = ctx._
  const signups = ctx.db.collection<SignupRecord>(SIGNUPS)
  let promoted: SignupRecord | null = null
  await forEachBatch<SignupRecord>(
    (last) => signups.where({ activityId: activity._id, status: 'waitlisted', seq: _.gt(last?.seq ?? -1) }).orderBy('seq', 'asc'),
    async (candidates) => {
      const openids = candidates.map((c) => c.openid)
      const { data: users } = await ctx.db
        .collection<UserRecord>(USERS)
        .where({ _id: _.in(openids) })
        .field({ scheduleVersion: true })
        .limit(PROMOTION_PAGE)
        .get()
      const { data: busy } = await signups
        .where(overlapWhere(ctx, _.in(openids), activity))
        .field({ openid: true })
        .limit(100)
        .get()
      const versions = new Map(users.map((u) => [u._id, versionOf(u)]))
      const overlapped = new Set(busy.map((s) => s.openid))
      const inTurn = promotionOrder(
        candidates.map((signup) => ({ id: signup._id, seq: signup.seq, signup })),
        (entry) => overlapped.has(entry.signup.openid),
      )
      for (const { signup: candidate } of inTurn) {
        const { stats } = await signups
          .where({ _id: candidate._id, status: 'waitlisted', seq: candidate.seq })
          .update({ data: { status: 'confirmed' } })
        if (stats.updated !== 1) continue
        if ((await settleConfirmation(ctx, candidate.openid, activity, versions.get(candidate.openid) ?? 0)).length === 0) {
          promoted = { ...candidate, status: 'confirmed' }
          return true
        }
        await signups.where({ _id: candidate._id, status: 'confirmed', seq: candidate.seq }).update({ data: { status: 'waitlisted' } })
      }
      return false
    },
    PROMOTION_PAGE,
  )
  return promoted
}

async function notifyPromoted(ctx: ActionContext, activity: ActivityRecord, signup: SignupRecord): Promise<void> {
  await notify(ctx, {
    openid: signup.openid,
    kind: 'waitlistPromoted',
    title: '候补已转正：您获得了名额',
    body: `您已获得「${activity.title}」的名额，活动时间 ${formatTimeRangeCn(activity.startAt, activity.endAt)}。如不能参加，请及时取消报名。`,
    page: `/packages/activity/pages/detail/index?id=${activity._id}`,
    key: `waitlistPromoted-${signup._id}-${signup.seq}`.replace(/[^A-Za-z0-9_-]/g, '_'),
    templateData: { thing1: activity.title.slice(0, 20), time2: formatShanghai(activity.startAt, 'YYYY年M月D日 HH:mm') },
  })
}

/** Hands free seats to the waitlist, in arrival order, until one or the other runs out. */
export async function fillFreeSeats(ctx: ActionContext, activityId: string): Promise<void> {
  for (;;) {
    const activity = await findById<ActivityRecord>(ctx.db, ACTIVITIES, activityId)
    if (!activity || activity.status !== 'published' || activity.seatsLeft <= 0 || ctx.now >= activity.startAt) return
    const { total } = await ctx.db.collection(SIGNUPS).where({ activityId, status: 'waitlisted' }).count()
    if (total === 0 || !(await takeSeat(ctx, activityId))) return
    const promoted = await promoteNext(ctx, activity)
    if (!promoted) return returnSeat(ctx, activityId)
    await notifyPromoted(ctx, activity, promoted)
  }
}

/** Returns a seat this request took and no longer needs, handing it to the waitlist if anyone waits. */
export async function giveSeatBack(ctx: ActionContext, activityId: string): Promise<void> {
  await returnSeat(ctx, activityId)
  await fillFreeSeats(ctx, activityId)
}

/**
 * Gives up the person's confirmed seat (handing it to the waitlist) or waitlist place, in a
 * conditional write each; answers the signup's status before, or null when there was none left to
 * give up (the caller then reads why). Idempotent.
 */
export async function cancelOwnSignup(
  ctx: ActionContext,
  activity: ActivityRecord,
  allowed: (status: 'confirmed' | 'waitlisted') => boolean,
): Promise<'confirmed' | 'waitlisted' | null> {
  const id = signupId(activity._id, ctx.openid)
  const cancel = async (status: 'confirmed' | 'waitlisted') =>
    allowed(status) &&
    (
      await ctx.db
        .collection(SIGNUPS)
        .where({ _id: id, status })
        .update({ data: { status: 'cancelled', cancelledAt: ctx.now } })
    ).stats.updated === 1
  if (!(await cancel('confirmed'))) return (await cancel('waitlisted')) ? 'waitlisted' : null
  // The seat passes on without touching the activity; a crash before it does is repaired by
  // reconcileSeats, which waits while any cancellation is this recent.
  const promoted = activity.status === 'published' && ctx.now < activity.startAt ? await promoteNext(ctx, activity) : null
  if (promoted) {
    await notifyPromoted(ctx, activity, promoted)
    return 'confirmed'
  }
  await giveSeatBack(ctx, activity._id)
  return 'confirmed'
}
