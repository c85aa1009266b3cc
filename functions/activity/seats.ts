/**
 * Seats and the waitlist under concurrency, in a handful of DB requests per action whatever the fill
 * level (no transaction: hundreds of simultaneous signups would all conflict on the activity document;
 * no document that grows with the people signed up):
 * - one signup per person: the signup `_id` is `${activityId}:${openid}`; its `add` (or the conditional
 *   rewrite of a cancelled one) is written once in its final state, so a simultaneous twin of the same
 *   person loses on the `_id`, gives back the seat it took and answers the winner's result (signup.ts);
 * - a seat is taken by `where({ seatsLeft: _.gt(0) }).update({ seatsLeft: _.inc(-1) })`: each update
 *   runs alone, so no more than `capacity` ever succeed; that update also stamps `seatsMovedAt` (here);
 * - arrival order: `seq` is the server's arrival time in microseconds (strictly increasing within an
 *   instance), taken before a seat is tried for and, for the waitlist, after the try failed (or the
 *   activity read showed none left), so everyone seated arrived before everyone waiting; the waitlist
 *   is ordered by it (signup.ts);
 * - a freed seat passes straight to the first waitlisted person (a conditional waitlisted → confirmed),
 *   so a newcomer can never slip past the waitlist (waitlist.ts);
 * - no overlap for one person: each person's `users.scheduleVersion` is read before the overlap check
 *   and bumped (conditionally on that value) after a confirmation is written; a confirmation whose
 *   bump fails checks again, now seeing the other one, and steps back if they overlap (schedule.ts);
 * - a request that dies midway can leave `seatsLeft` off by its seat: `reconcileSeats` sets it to
 *   capacity − confirmed signups once no seat moved for CLAIM_STALE_MS and no signup was cancelled
 *   in that time (a cancellation hands its seat on without touching the activity), conditional on
 *   `seatsVersion`; detail and the timed trigger run it, so nothing stays taken for more than a minute
 *   (reconcile.ts).
 */
import type { ActionContext } from '../_lib/define'
import { ACTIVITIES } from './records'

/**
 * A seat moved (or a signup cancelled) longer ago than this belongs to a request that has finished or
 * died: functions are stopped at their timeout (CloudBase default 3 s, ours well under this).
 */
export const CLAIM_STALE_MS = 30_000

/** Takes a seat if one is left (and stamps when a seat last moved). */
export async function takeSeat(ctx: ActionContext, activityId: string): Promise<boolean> {
  const { stats } = await ctx.db
    .collection(ACTIVITIES)
    .where({ _id: activityId, status: 'published', seatsLeft: ctx._.gt(0) })
    .update({ data: { seatsLeft: ctx._.inc(-1), seatsVersion: ctx._.inc(1), seatsMovedAt: ctx.now } })
  return stats.updated === 1
}

/** Gives a seat back to the activity. */
export async function returnSeat(ctx: ActionContext, activityId: string): Promise<void> {
  await ctx.db
    .collection(ACTIVITIES)
    .doc(activityId)
    .update({ data: { seatsLeft: ctx._.inc(1), seatsVersion: ctx._.inc(1), seatsMovedAt: ctx.now } })
}
