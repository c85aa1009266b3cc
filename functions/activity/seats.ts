/**
 * Seats and the waitlist under concurrency, in a handful of DB requests per action whatever the fill
 * level (no transaction: hundreds of simultaneous signups would all conflict on the activity document;
 * no document that grows with the people signed up):
 * - one signup per person: the signup `_id` is `${activityId}:${openid}`; its `add` (or the conditional
 *   rewrite of a cancelled one) is written once in its final state, so a simultaneous twin of the same
 *   person loses on the `_id`, gives back the seat it took and answers the winner's result;
 * - a seat is taken by `where({ seatsLeft: _.gt(0) }).update({ seatsLeft: _.inc(-1) })`: each update
 *   runs alone, so no more than `capacity` ever succeed; that update also stamps `seatsMovedAt`;
 * - arrival order: `seq` is the server's arrival time in microseconds (strictly increasing within an
 *   instance), taken before a seat is tried for and, for the waitlist, after the try failed, so
 *   everyone seated arrived before everyone waiting; the waitlist is ordered by it;
 * - a freed seat passes straight to the first waitlisted person (a conditional waitlisted → confirmed),
 *   so a newcomer can never slip past the waitlist;
 * - no overlap for one person: each person's `users.scheduleVersion` is read before the overlap check
 *   and bumped (conditionally on that value) after a confirmation is written; a confirmation whose
 *   bump fails checks again, now seeing the other one, and steps back if they overlap;
 * - a request that dies midway can leave `seatsLeft` off by its seat: `reconcileSeats` sets it to
 *   capacity − confirmed signups once no seat moved for CLAIM_STALE_MS and no signup was cancelled
 *   in that time (a cancellation hands its seat on without touching the activity), conditional on
 *   `seatsVersion`; detail and the timed trigger run it, so nothing stays taken for more than a minute.
 */
import { performance } from 'node:perf_hooks'
import type { ActionContext } from '../_lib/define'
import { AppError } from '../_lib/envelope'
import { USERS, type UserRecord } from '../_lib/caller'
import { notify } from '../_lib/notify'
import { findById, isDuplicateKey } from '../_lib/documents'
import { decideSignup } from '../../domain/activity/signup'
import { formatShanghai, formatTimeRangeCn } from '../../domain/time'
import { ACTIVITIES, SIGNUPS, signupId, type ActivityRecord, type SignupRecord } from './records'
import { waitlistPosition } from './store'

/**
 * A seat moved (or a signup cancelled) longer ago than this belongs to a request that has finished or
 * died: functions are stopped at their timeout (CloudBase default 3 s, ours well under this).
 */
export const CLAIM_STALE_MS = 30_000
const PROMOTION_PAGE = 20
/** How often a confirmation checks again when other confirmations of the same person keep landing. */
const CONFIRM_ATTEMPTS = 5

export interface SignupAnswer {
  signupId: string
  status: 'confirmed' | 'waitlisted'
  waitlistPosition: number | null
  repeated: boolean
}

/** The answer, and what the detail view after it needs (no further request). */
export interface SignupOutcome extends SignupAnswer {
  record: SignupRecord
  seatsLeft: number
  waitlistCount: number
}

/** The outcome of a signup that already exists (a repeat, or a simultaneous twin's). */
async function existingOutcome(
  ctx: ActionContext,
  activity: ActivityRecord,
  signup: SignupRecord,
  repeated: boolean,
): Promise<SignupOutcome> {
  if (signup.status !== 'confirmed' && signup.status !== 'waitlisted') throw new AppError('CONFLICT', '报名处理中，请稍后刷新')
  const [position, { total: waitlistCount }] = await Promise.all([
    waitlistPosition(ctx, signup),
    ctx.db.collection(SIGNUPS).where({ activityId: activity._id, status: 'waitlisted' }).count(),
  ])
  return {
    signupId: signup._id,
    status: signup.status,
    waitlistPosition: position,
    repeated,
    record: signup,
    seatsLeft: activity.seatsLeft,
    waitlistCount,
  }
}

let lastArrival = 0
/** Arrival time in microseconds since the epoch, strictly increasing within this instance. */
function arrivalSeq(): number {
  lastArrival = Math.max(lastArrival + 1, Math.floor((performance.timeOrigin + performance.now()) * 1000))
  return lastArrival
}

type Overlap = { start: Date; end: Date; title: string }

/** Confirmed signups of `openid` (a value or a command) overlapping the activity. */
const overlapWhere = (ctx: ActionContext, openid: unknown, activity: Pick<ActivityRecord, '_id' | 'startAt' | 'endAt'>) => ({
  openid,
  status: 'confirmed',
  activityId: ctx._.neq(activity._id),
  activityStatus: ctx._.neq('cancelled'),
  startAt: ctx._.lt(activity.endAt),
  endAt: ctx._.gt(activity.startAt),
})

const asOverlap = (s: SignupRecord): Overlap => ({ start: s.startAt, end: s.endAt, title: s.title })

/** The person's confirmed signups that overlap the activity (for the no-overlap rule). */
export async function overlappingConfirmed(
  ctx: ActionContext,
  openid: string,
  activity: Pick<ActivityRecord, '_id' | 'startAt' | 'endAt'>,
) {
  const { data } = await ctx.db
    .collection<SignupRecord>(SIGNUPS)
    .where(overlapWhere(ctx, openid, activity))
    .limit(5)
    .get()
  return data.map(asOverlap)
}

/** The caller's own signup and their confirmed signups overlapping the activity, in one query. */
async function ownAndOverlapping(ctx: ActionContext, activity: ActivityRecord) {
  const id = signupId(activity._id, ctx.openid)
  const { data } = await ctx.db
    .collection<SignupRecord>(SIGNUPS)
    .where(ctx._.or([{ _id: id }, overlapWhere(ctx, ctx.openid, activity)]))
    .limit(6)
    .get()
  return { existing: data.find((s) => s._id === id) ?? null, overlapping: data.filter((s) => s._id !== id).map(asOverlap) }
}

/** Takes a seat if one is left (and stamps when a seat last moved). */
async function takeSeat(ctx: ActionContext, activityId: string): Promise<boolean> {
  const { stats } = await ctx.db
    .collection(ACTIVITIES)
    .where({ _id: activityId, status: 'published', seatsLeft: ctx._.gt(0) })
    .update({ data: { seatsLeft: ctx._.inc(-1), seatsVersion: ctx._.inc(1), seatsMovedAt: ctx.now } })
  return stats.updated === 1
}

/** Gives a seat back to the activity. */
async function returnSeat(ctx: ActionContext, activityId: string): Promise<void> {
  await ctx.db
    .collection(ACTIVITIES)
    .doc(activityId)
    .update({ data: { seatsLeft: ctx._.inc(1), seatsVersion: ctx._.inc(1), seatsMovedAt: ctx.now } })
}

const versionOf = (user: Pick<UserRecord, 'scheduleVersion'> | null | undefined) => user?.scheduleVersion ?? 0

/** Bumps the person's schedule version if it is still `version`. */
async function bumpSchedule(ctx: ActionContext, openid: string, version: number): Promise<boolean> {
  const { stats } = await ctx.db
    .collection(USERS)
    .where({ _id: openid, scheduleVersion: version === 0 ? ctx._.in([0, null]) : version })
    .update({ data: { scheduleVersion: ctx._.inc(1) } })
  return stats.updated === 1
}

/**
 * Settles a confirmation already written (the person's version read before its overlap check was
 * `version`): answers the overlapping confirmed signups if another confirmation of the person landed
 * meanwhile and overlaps (the caller then steps back), else none.
 */
async function settleConfirmation(ctx: ActionContext, openid: string, activity: ActivityRecord, version: number): Promise<Overlap[]> {
  for (let attempt = 0; attempt < CONFIRM_ATTEMPTS; attempt++) {
    if (await bumpSchedule(ctx, openid, version)) return []
    version = versionOf(await findById<UserRecord>(ctx.db, USERS, openid))
    const overlapping = await overlappingConfirmed(ctx, openid, activity)
    if (overlapping.length > 0) return overlapping
  }
  throw new AppError('CONFLICT', '报名人数正在变化，请稍后重试')
}

function freshSignup(
  ctx: ActionContext,
  activity: ActivityRecord,
  status: 'confirmed' | 'waitlisted',
  seq: number,
): Omit<SignupRecord, '_id'> {
  return {
    activityId: activity._id,
    openid: ctx.openid,
    status,
    seq,
    signedUpAt: ctx.now,
    claimedAt: ctx.now,
    cancelledAt: null,
    title: activity.title,
    teamId: activity.teamId,
    startAt: activity.startAt,
    endAt: activity.endAt,
    locationName: activity.location.name,
    activityStatus: activity.status,
    checkedInAt: null,
    checkedOutAt: null,
    manualCheckin: null,
    confirmation: null,
    hoursLog: [],
    noShow: false,
  }
}

/** Writes the person's signup in its final state; false when a simultaneous request of theirs wrote it first. */
async function writeSignup(ctx: ActionContext, existing: SignupRecord | null, signup: SignupRecord): Promise<boolean> {
  const signups = ctx.db.collection(SIGNUPS)
  if (!existing) {
    try {
      await signups.add({ data: signup })
      return true
    } catch (error) {
      if (isDuplicateKey(error)) return false
      throw error
    }
  }
  const { _id, ...fields } = signup
  const { stats } = await signups.where({ _id, status: existing.status, seq: existing.seq }).update({ data: fields })
  return stats.updated === 1
}

/** The result of a simultaneous request of the same person, which wrote the signup. */
async function twinResult(ctx: ActionContext, activityId: string, id: string, repeated = true): Promise<SignupOutcome> {
  const [signup, activity] = await Promise.all([
    findById<SignupRecord>(ctx.db, SIGNUPS, id),
    findById<ActivityRecord>(ctx.db, ACTIVITIES, activityId),
  ])
  if (!signup || !activity) throw new AppError('CONFLICT', '报名处理中，请稍后刷新')
  return existingOutcome(ctx, activity, signup, repeated)
}

/**
 * Signs the caller up: a seat if one is left, else the waitlist. Answers with what the detail view
 * needs: a new seat means nobody was waiting (seats go to the waitlist first), and a new waitlist
 * place is the last one, so its position is the waitlist's length.
 */
export async function signUp(ctx: ActionContext, activity: ActivityRecord): Promise<SignupOutcome> {
  const [caller, { existing, overlapping }] = await Promise.all([ctx.caller(), ownAndOverlapping(ctx, activity)])
  const id = signupId(activity._id, ctx.openid)
  if (existing?.status === 'confirmed' || existing?.status === 'waitlisted') return existingOutcome(ctx, activity, existing, true)

  const decide = (otherConfirmed: Overlap[]) =>
    decideSignup({
      activity,
      now: ctx.now,
      profileComplete: caller.profileComplete,
      confirmedCount: activity.capacity - activity.seatsLeft,
      otherConfirmed,
    })
  const decision = decide(overlapping)
  if (!decision.ok) throw new AppError(decision.code, decision.message)
  const version = versionOf(caller.user)

  const seatSeq = arrivalSeq()
  if (await takeSeat(ctx, activity._id)) {
    const signup = { _id: id, ...freshSignup(ctx, activity, 'confirmed', seatSeq) }
    if (!(await writeSignup(ctx, existing, signup))) {
      await giveSeatBack(ctx, activity._id)
      return twinResult(ctx, activity._id, id)
    }
    const clash = await settleConfirmation(ctx, ctx.openid, activity, version)
    if (clash.length > 0) {
      // A simultaneous signup of this person for an overlapping activity won: step back.
      await ctx.db
        .collection(SIGNUPS)
        .where({ _id: id, status: 'confirmed', seq: seatSeq })
        .update({ data: { status: 'cancelled', cancelledAt: ctx.now } })
      await giveSeatBack(ctx, activity._id)
      const refusal = decide(clash)
      throw refusal.ok ? new AppError('TIME_CONFLICT') : new AppError(refusal.code, refusal.message)
    }
    return {
      signupId: id,
      status: 'confirmed',
      waitlistPosition: null,
      repeated: false,
      record: signup,
      seatsLeft: Math.max(0, activity.seatsLeft - 1),
      waitlistCount: 0,
    }
  }

  const signup = { _id: id, ...freshSignup(ctx, activity, 'waitlisted', arrivalSeq()) }
  if (!(await writeSignup(ctx, existing, signup))) return twinResult(ctx, activity._id, id)
  const position = await waitlistPosition(ctx, signup)
  // A seat freed while this request queued goes to the waitlist's head, which may be this person.
  const now = await findById<ActivityRecord>(ctx.db, ACTIVITIES, activity._id)
  if (now && now.seatsLeft > 0) {
    await fillFreeSeats(ctx, activity._id)
    return twinResult(ctx, activity._id, id, false)
  }
  return {
    signupId: id,
    status: 'waitlisted',
    waitlistPosition: position,
    repeated: false,
    record: signup,
    seatsLeft: now?.seatsLeft ?? 0,
    waitlistCount: position ?? 0,
  }
}

/** Returns a seat this request took and no longer needs, handing it to the waitlist if anyone waits. */
async function giveSeatBack(ctx: ActionContext, activityId: string): Promise<void> {
  await returnSeat(ctx, activityId)
  await fillFreeSeats(ctx, activityId)
}

/**
 * Moves the first waitlisted person (by arrival) who has no overlapping confirmed activity to a
 * confirmed seat. The caller holds the seat being handed over. Null when nobody can take it.
 * Per page of candidates: their schedule versions and overlapping confirmations in two queries.
 */
async function promoteNext(ctx: ActionContext, activity: ActivityRecord): Promise<SignupRecord | null> {
  const _ = ctx._
  const signups = ctx.db.collection<SignupRecord>(SIGNUPS)
  let afterSeq = -1
  for (;;) {
    const { data: candidates } = await signups
      .where({ activityId: activity._id, status: 'waitlisted', seq: _.gt(afterSeq) })
      .orderBy('seq', 'asc')
      .limit(PROMOTION_PAGE)
      .get()
    if (candidates.length === 0) return null
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
    for (const candidate of candidates) {
      afterSeq = candidate.seq
      // Someone confirmed for an overlapping activity is skipped: the seat goes to the next.
      if (overlapped.has(candidate.openid)) continue
      const { stats } = await signups
        .where({ _id: candidate._id, status: 'waitlisted', seq: candidate.seq })
        .update({ data: { status: 'confirmed' } })
      if (stats.updated !== 1) continue
      if ((await settleConfirmation(ctx, candidate.openid, activity, versions.get(candidate.openid) ?? 0)).length === 0)
        return { ...candidate, status: 'confirmed' }
      await signups.where({ _id: candidate._id, status: 'confirmed', seq: candidate.seq }).update({ data: { status: 'waitlisted' } })
    }
    if (candidates.length < PROMOTION_PAGE) return null
  }
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
  await returnSeat(ctx, activity._id)
  // A person who joined the waitlist while the seat was being returned must not be left waiting.
  await fillFreeSeats(ctx, activity._id)
  return 'confirmed'
}

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
