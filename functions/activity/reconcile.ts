/** Repairs what a request that died midway left behind: seats it took and never used (see seats.ts). */
import type { ActionContext } from '../_lib/define'
import { findById } from '../_lib/documents'
import { ACTIVITIES, SIGNUPS, type ActivityRecord } from './records'
import { CLAIM_STALE_MS } from './seats'
import { fillFreeSeats } from './waitlist'

export interface SeatDrift {
  activityId: string
  seatsLeftBefore: number
  seatsLeft: number
}

/**
 * Makes `seatsLeft` equal capacity − confirmed signups once no seat has moved and no signup has been
 * cancelled for CLAIM_STALE_MS (a request doing either may still be handing a seat over). The write is
 * conditional on `seatsVersion` and `seatsLeft`: if a seat moved meanwhile, nothing is written (the
 * next call tries again). The cancellations are counted after the confirmed signups, so one landing
 * between the two is seen. Answers the drift it repaired, or null when there was none (or not yet).
 */
export async function reconcileSeats(ctx: ActionContext, activity: ActivityRecord): Promise<SeatDrift | null> {
  const _ = ctx._
  if (activity.status !== 'published') return null
  const quietSince = ctx.now.getTime() - CLAIM_STALE_MS
  if (activity.seatsMovedAt && new Date(activity.seatsMovedAt).getTime() > quietSince) return null
  const signups = ctx.db.collection(SIGNUPS)
  const { total: confirmed } = await signups.where({ activityId: activity._id, status: 'confirmed' }).count()
  const seatsLeft = Math.max(0, activity.capacity - confirmed)
  if (seatsLeft === activity.seatsLeft) return null
  const { total: recentCancels } = await signups
    .where({ activityId: activity._id, status: 'cancelled', cancelledAt: _.gt(new Date(quietSince)) })
    .count()
  if (recentCancels > 0) return null
  const { stats } = await ctx.db
    .collection(ACTIVITIES)
    .where({
      _id: activity._id,
      status: 'published',
      seatsLeft: activity.seatsLeft,
      seatsVersion: activity.seatsVersion ?? _.exists(false),
    })
    .update({ data: { seatsLeft, seatsVersion: _.inc(1) } })
  if (stats.updated !== 1) return null
  const drift = { activityId: activity._id, seatsLeftBefore: activity.seatsLeft, seatsLeft }
  ctx.log.error('seatDrift', { ...drift })
  if (seatsLeft > activity.seatsLeft) await fillFreeSeats(ctx, activity._id)
  return drift
}

/** The activity with any dead request's seats given back (one count when nothing drifted). */
export async function withSeatsReconciled(ctx: ActionContext, activity: ActivityRecord): Promise<ActivityRecord> {
  if (!(await reconcileSeats(ctx, activity))) return activity
  return (await findById<ActivityRecord>(ctx.db, ACTIVITIES, activity._id)) ?? activity
}
