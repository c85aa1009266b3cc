/**
 * Seats and the waitlist under concurrency, without transactions (hundreds of simultaneous
 * signups would all conflict on the activity document):
 * - one signup per person: the signup `_id` is `${activityId}:${openid}`; the request that creates
 *   it (or turns a cancelled one back to 'pending') owns it, a simultaneous twin waits for its result;
 * - arrival order: the signup id is appended to the activity's arrivals list with an atomic `_.push`,
 *   its index is the signup's `seq`;
 * - a seat is taken by `where({ seatsLeft: _.gt(0) }).update({ seatsLeft: _.inc(-1) })`: each update
 *   runs alone, so no more than `capacity` ever succeed;
 * - a freed seat passes straight to the first waitlisted person (a conditional
 *   waitlisted → confirmed), so a newcomer can never slip past the waitlist;
 * - every seat handed over (a signup's, a promotion's, a cancellation's) is listed under a key in the
 *   activity's `seatsInFlight` (same update, which also bumps `seatsVersion`) until the change is
 *   recorded, so the retry that takes over a dead request's signup can give that seat back;
 * - a key older than CLAIM_STALE_MS belongs to a request that died: `reconcileSeats` abandons the
 *   dead signup claims (they can no longer confirm) and sets `seatsLeft` = capacity − confirmed
 *   signups, conditional on `seatsVersion` (no seat changed hands meanwhile); detail, signup and the
 *   timed trigger run it, so nothing claimed stays taken for more than a minute;
 * - every confirmation (signup or promotion) is serialised per person by `confirmSeat`, so no one
 *   ends up confirmed for two overlapping activities.
 */
import { randomBytes } from 'crypto'
import type { ActionContext } from '../_lib/define'
import { AppError } from '../_lib/envelope'
import { countSignup } from '../_lib/counters'
import { notify } from '../_lib/notify'
import { withTransaction } from '../_lib/transaction'
import { decideSignup } from '../../domain/activity/signup'
import { formatShanghai, formatTimeRangeCn } from '../../domain/time'
import {
  ACTIVITIES,
  ACTIVITY_ARRIVALS,
  SIGNUPS,
  VOLUNTEER_SCHEDULES,
  seatKey,
  signupId,
  type ActivityRecord,
  type ArrivalsRecord,
  type SignupRecord,
  type VolunteerScheduleRecord,
} from './records'
import { ensureDocument, findById, isDuplicateKey } from '../_lib/documents'
import { ensureArrivals, waitlistPosition } from './store'

/** A 'pending' signup older than this belongs to a request that died; a retry may take it over. */
const PENDING_STALE_MS = 15_000
/**
 * A seat key older than this belongs to a request that died: functions are stopped at their timeout
 * (CloudBase default 3 s, ours well under this), so no request is still running after it.
 */
export const CLAIM_STALE_MS = 30_000
/** A signup claim abandoned by the reconciliation: stale at once, and no live request holds it. */
const ABANDONED_CLAIM = new Date(0)
/** How long a repeated request waits for its simultaneous twin to settle. */
const TWIN_WAIT_MS = 5_000
const PROMOTION_PAGE = 20

export interface SignupAnswer {
  signupId: string
  status: 'confirmed' | 'waitlisted'
  waitlistPosition: number | null
  repeated: boolean
}

async function answer(ctx: ActionContext, signup: SignupRecord, repeated: boolean): Promise<SignupAnswer> {
  if (signup.status !== 'confirmed' && signup.status !== 'waitlisted') throw new AppError('CONFLICT', '报名处理中，请稍后刷新')
  return { signupId: signup._id, status: signup.status, waitlistPosition: await waitlistPosition(ctx, signup), repeated }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The result of a simultaneous request of the same person (it owns the signup). */
async function twinResult(ctx: ActionContext, id: string): Promise<SignupAnswer> {
  // Real time on purpose: this waits for another request, whatever the business clock says.
  const until = Date.now() + TWIN_WAIT_MS
  for (;;) {
    const signup = await findById<SignupRecord>(ctx.db, SIGNUPS, id)
    if (signup && signup.status !== 'pending') {
      if (signup.status === 'cancelled') throw new AppError('CONFLICT', '报名已取消，请重新报名')
      return answer(ctx, signup, true)
    }
    if (Date.now() > until) throw new AppError('CONFLICT', '报名处理中，请稍后刷新')
    await sleep(20)
  }
}

/** The person's confirmed signups that overlap the activity (for the no-overlap rule). */
export async function overlappingConfirmed(
  ctx: ActionContext,
  openid: string,
  activity: Pick<ActivityRecord, '_id' | 'startAt' | 'endAt'>,
) {
  const _ = ctx._
  const { data } = await ctx.db
    .collection<SignupRecord>(SIGNUPS)
    .where({
      openid,
      status: 'confirmed',
      activityId: _.neq(activity._id),
      activityStatus: _.neq('cancelled'),
      startAt: _.lt(activity.endAt),
      endAt: _.gt(activity.startAt),
    })
    .limit(5)
    .get()
  return data.map((s) => ({ start: s.startAt, end: s.endAt, title: s.title }))
}

function freshSignup(ctx: ActionContext, activity: ActivityRecord): Omit<SignupRecord, '_id'> {
  return {
    activityId: activity._id,
    openid: ctx.openid,
    status: 'pending',
    seq: -1,
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

/**
 * Makes this request the owner of the person's signup; false when a simultaneous one already is.
 * Taking over a dead request's signup gives back the seat that request may have taken.
 */
async function claimSignup(ctx: ActionContext, activity: ActivityRecord, existing: SignupRecord | null): Promise<boolean> {
  const id = signupId(activity._id, ctx.openid)
  const signups = ctx.db.collection(SIGNUPS)
  if (!existing) {
    try {
      await signups.add({ data: { _id: id, ...freshSignup(ctx, activity) } })
      return true
    } catch (error) {
      if (isDuplicateKey(error)) return false
      throw error
    }
  }
  const { stats } = await signups
    .where({ _id: id, status: existing.status, claimedAt: existing.claimedAt })
    .update({ data: freshSignup(ctx, activity) })
  if (stats.updated !== 1) return false
  if (existing.status === 'pending' && (await returnSeatInFlight(ctx, activity._id, seatKey(existing))))
    await fillFreeSeats(ctx, activity._id)
  return true
}

/** Takes a seat if one is left, listing it under `key` in `seatsInFlight` in the same update. */
async function takeSeat(ctx: ActionContext, activityId: string, key: string): Promise<boolean> {
  const { stats } = await ctx.db
    .collection(ACTIVITIES)
    .where({ _id: activityId, status: 'published', seatsLeft: ctx._.gt(0) })
    .update({ data: { seatsLeft: ctx._.inc(-1), seatsInFlight: ctx._.push(key), seatsVersion: ctx._.inc(1) } })
  return stats.updated === 1
}

/** A key for a seat handed over by a promotion or a cancellation; its time says when. */
const handoverKey = (ctx: ActionContext, kind: 'promote' | 'release') => `${kind}-${randomBytes(6).toString('hex')}@${ctx.now.getTime()}`

const keyTime = (key: string) => Number(key.slice(key.lastIndexOf('@') + 1))

/** Whether a request that listed a seat in flight died before recording it. */
export function hasStaleClaims(activity: Pick<ActivityRecord, 'seatsInFlight'>, now: Date): boolean {
  return (activity.seatsInFlight ?? []).some((key) => !(now.getTime() - keyTime(key) < CLAIM_STALE_MS))
}

/** Gives back the seat listed under `key`, if it still is (once, however many try). */
async function returnSeatInFlight(ctx: ActionContext, activityId: string, key: string): Promise<boolean> {
  const { stats } = await ctx.db
    .collection(ACTIVITIES)
    .where({ _id: activityId, seatsInFlight: key })
    .update({ data: { seatsLeft: ctx._.inc(1), seatsInFlight: ctx._.pull(key) } })
  return stats.updated === 1
}

/** The seat under `key` now belongs to a recorded signup. */
async function settleSeatInFlight(ctx: ActionContext, activityId: string, key: string): Promise<void> {
  await ctx.db
    .collection(ACTIVITIES)
    .where({ _id: activityId, seatsInFlight: key })
    .update({ data: { seatsInFlight: ctx._.pull(key) } })
}

type SeatConfirmation =
  { outcome: 'confirmed' } | { outcome: 'gone' } | { outcome: 'overlap'; overlapping: Awaited<ReturnType<typeof overlappingConfirmed>> }

/**
 * Turns a signup the caller holds a seat for (still in status `from`, claimed at `claimedAt` when
 * pending) into a confirmed one, unless the person is confirmed for an overlapping activity. The
 * person's schedule version is read before the overlap query and bumped in the confirming
 * transaction: a confirmation committed in between makes the version differ, and the check runs again.
 * 'gone': the signup left `from` (or was taken over) meanwhile; nothing written.
 */
async function confirmSeat(
  ctx: ActionContext,
  activity: ActivityRecord,
  signup: Pick<SignupRecord, '_id' | 'openid' | 'claimedAt'>,
  from: 'pending' | 'waitlisted',
  extra: Partial<SignupRecord> = {},
): Promise<SeatConfirmation> {
  await ensureDocument(ctx.db, VOLUNTEER_SCHEDULES, { _id: signup.openid, version: 0 })
  for (;;) {
    const { version } = (await findById<VolunteerScheduleRecord>(ctx.db, VOLUNTEER_SCHEDULES, signup.openid))!
    const overlapping = await overlappingConfirmed(ctx, signup.openid, activity)
    if (overlapping.length > 0) return { outcome: 'overlap', overlapping }
    const outcome = await withTransaction(ctx.db, async (t) => {
      if ((await t.collection<VolunteerScheduleRecord>(VOLUNTEER_SCHEDULES).doc(signup.openid).get()).data.version !== version)
        return 'again'
      const current = (await t.collection<SignupRecord>(SIGNUPS).doc(signup._id).get()).data
      const claimedAt = (at: Date) => new Date(at).getTime()
      if (current.status !== from || (from === 'pending' && claimedAt(current.claimedAt) !== claimedAt(signup.claimedAt))) return 'gone'
      await t
        .collection(SIGNUPS)
        .doc(signup._id)
        .update({ data: { ...extra, status: 'confirmed' } })
      await t
        .collection(VOLUNTEER_SCHEDULES)
        .doc(signup.openid)
        .update({ data: { version: ctx._.inc(1) } })
      return 'confirmed'
    })
    if (outcome === 'confirmed' || outcome === 'gone') return { outcome }
  }
}

export async function signUp(ctx: ActionContext, activity: ActivityRecord): Promise<SignupAnswer> {
  const caller = await ctx.caller()
  const id = signupId(activity._id, ctx.openid)
  const existing = await findById<SignupRecord>(ctx.db, SIGNUPS, id)
  if (existing?.status === 'confirmed' || existing?.status === 'waitlisted') return answer(ctx, existing, true)
  if (existing?.status === 'pending' && ctx.now.getTime() - existing.claimedAt.getTime() < PENDING_STALE_MS) return twinResult(ctx, id)

  const decide = (otherConfirmed: Awaited<ReturnType<typeof overlappingConfirmed>>) =>
    decideSignup({
      activity,
      now: ctx.now,
      profileComplete: caller.profileComplete,
      confirmedCount: activity.capacity - activity.seatsLeft,
      otherConfirmed,
    })
  const decision = decide(await overlappingConfirmed(ctx, ctx.openid, activity))
  if (!decision.ok) throw new AppError(decision.code, decision.message)
  if (!(await claimSignup(ctx, activity, existing))) return twinResult(ctx, id)
  const claim = { _id: id, openid: ctx.openid, claimedAt: ctx.now }
  // A takeover of a stale 'pending' continues a signup already counted.
  if (existing?.status !== 'pending') await countSignup(ctx)

  const arrive = () =>
    ctx.db
      .collection(ACTIVITY_ARRIVALS)
      .doc(activity._id)
      .update({ data: { signups: ctx._.push(id) } })
  if ((await arrive()).stats.updated === 0) {
    await ensureArrivals(ctx, activity._id)
    await arrive()
  }
  const arrivals = await findById<ArrivalsRecord>(ctx.db, ACTIVITY_ARRIVALS, activity._id)
  const seq = arrivals ? arrivals.signups.lastIndexOf(id) : -1
  if (seq < 0) throw new AppError('INTERNAL')

  const key = seatKey(claim)
  if (await takeSeat(ctx, activity._id, key)) {
    const confirmation = await confirmSeat(ctx, activity, claim, 'pending', { seq })
    if (confirmation.outcome === 'confirmed') {
      await settleSeatInFlight(ctx, activity._id, key)
    } else {
      // A simultaneous signup of this person for an overlapping activity won, or a retry took over.
      if (await returnSeatInFlight(ctx, activity._id, key)) await fillFreeSeats(ctx, activity._id)
      if (confirmation.outcome === 'gone') throw new AppError('CONFLICT', '报名处理中，请稍后刷新')
      await ctx.db
        .collection(SIGNUPS)
        .where({ _id: id, status: 'pending', claimedAt: ctx.now })
        .update({ data: { status: 'cancelled', cancelledAt: ctx.now, seq } })
      const refusal = decide(confirmation.overlapping)
      throw refusal.ok ? new AppError('TIME_CONFLICT') : new AppError(refusal.code, refusal.message)
    }
  } else {
    await ctx.db
      .collection(SIGNUPS)
      .where({ _id: id, status: 'pending', claimedAt: ctx.now })
      .update({ data: { status: 'waitlisted', seq } })
    // A seat freed while this request queued goes to the waitlist's head, which may be this person.
    await fillFreeSeats(ctx, activity._id)
  }
  const settled = await findById<SignupRecord>(ctx.db, SIGNUPS, id)
  return answer(ctx, settled!, false)
}

/**
 * Moves the first waitlisted person (by arrival) who has no overlapping confirmed activity to a
 * confirmed seat. The caller holds the seat being handed over. Null when nobody can take it.
 */
async function promoteNext(ctx: ActionContext, activity: ActivityRecord): Promise<SignupRecord | null> {
  const signups = ctx.db.collection<SignupRecord>(SIGNUPS)
  let afterSeq = -1
  for (;;) {
    const { data: candidates } = await signups
      .where({ activityId: activity._id, status: 'waitlisted', seq: ctx._.gt(afterSeq) })
      .orderBy('seq', 'asc')
      .limit(PROMOTION_PAGE)
      .get()
    if (candidates.length === 0) return null
    for (const candidate of candidates) {
      afterSeq = candidate.seq
      // Someone confirmed meanwhile for an overlapping activity is skipped: the seat goes to the next.
      if ((await confirmSeat(ctx, activity, candidate, 'waitlisted')).outcome === 'confirmed') return { ...candidate, status: 'confirmed' }
    }
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
    const key = handoverKey(ctx, 'promote')
    if (total === 0 || !(await takeSeat(ctx, activityId, key))) return
    const promoted = await promoteNext(ctx, activity)
    if (!promoted) {
      await returnSeatInFlight(ctx, activityId, key)
      return
    }
    await settleSeatInFlight(ctx, activityId, key)
    await notifyPromoted(ctx, activity, promoted)
  }
}

/** Gives up a confirmed seat (handing it to the waitlist) or a waitlist place. Idempotent. */
export async function cancelOwnSignup(ctx: ActionContext, activity: ActivityRecord, signup: SignupRecord): Promise<void> {
  // The seat being given up is listed in flight first, so a crash before it is handed on leaves a trace.
  const release = signup.status === 'confirmed' ? handoverKey(ctx, 'release') : null
  if (release)
    await ctx.db
      .collection(ACTIVITIES)
      .doc(activity._id)
      .update({ data: { seatsInFlight: ctx._.push(release), seatsVersion: ctx._.inc(1) } })
  const { stats } = await ctx.db
    .collection(SIGNUPS)
    .where({ _id: signup._id, status: signup.status })
    .update({ data: { status: 'cancelled', cancelledAt: ctx.now } })
  if (!release) return
  if (stats.updated !== 1) return settleSeatInFlight(ctx, activity._id, release)
  const promoted = activity.status === 'published' && ctx.now < activity.startAt ? await promoteNext(ctx, activity) : null
  if (promoted) {
    await settleSeatInFlight(ctx, activity._id, release)
    return notifyPromoted(ctx, activity, promoted)
  }
  await returnSeatInFlight(ctx, activity._id, release)
  // A person who joined the waitlist while the seat was being returned must not be left waiting.
  await fillFreeSeats(ctx, activity._id)
}

export interface SeatDrift {
  activityId: string
  seatsLeftBefore: number
  seatsLeft: number
  staleClaims: number
}

/**
 * Makes `seatsLeft` equal capacity − confirmed signups once the seats in flight all belong to dead
 * requests (none while any is fresh: a live request is handing a seat over). Dead signup claims are
 * abandoned first, so a request thought dead can no longer confirm its seat. The write is conditional
 * on `seatsVersion` and `seatsLeft`: if any seat changed hands meanwhile, nothing is written (the next
 * call tries again). Answers the drift it repaired, or null when there was none (or it could not yet).
 */
export async function reconcileSeats(ctx: ActionContext, activityId: string): Promise<SeatDrift | null> {
  const _ = ctx._
  const activity = await findById<ActivityRecord>(ctx.db, ACTIVITIES, activityId)
  if (!activity || activity.status !== 'published') return null
  const keys = activity.seatsInFlight ?? []
  if (keys.some((key) => ctx.now.getTime() - keyTime(key) < CLAIM_STALE_MS)) return null
  for (const key of keys) {
    if (key.startsWith('promote-') || key.startsWith('release-')) continue
    await ctx.db
      .collection(SIGNUPS)
      .where({ _id: key.slice(0, key.lastIndexOf('@')), status: 'pending', claimedAt: new Date(keyTime(key)) })
      .update({ data: { claimedAt: ABANDONED_CLAIM } })
  }
  const { total: confirmed } = await ctx.db.collection(SIGNUPS).where({ activityId, status: 'confirmed' }).count()
  const seatsLeft = Math.max(0, activity.capacity - confirmed)
  if (seatsLeft === activity.seatsLeft && keys.length === 0) return null
  const { stats } = await ctx.db
    .collection(ACTIVITIES)
    .where({
      _id: activityId,
      status: 'published',
      seatsLeft: activity.seatsLeft,
      seatsVersion: activity.seatsVersion ?? _.exists(false),
    })
    .update({ data: { seatsLeft, seatsInFlight: _.set([]), seatsVersion: _.inc(1) } })
  if (stats.updated !== 1) return null
  const drift = { activityId, seatsLeftBefore: activity.seatsLeft, seatsLeft, staleClaims: keys.length }
  if (seatsLeft !== activity.seatsLeft) ctx.log.error('seatDrift', { ...drift })
  if (seatsLeft > activity.seatsLeft) await fillFreeSeats(ctx, activityId)
  return drift
}

/** The activity with any dead request's seats given back (one read when there are none). */
export async function withSeatsReconciled(ctx: ActionContext, activity: ActivityRecord): Promise<ActivityRecord> {
  if (activity.status !== 'published' || !hasStaleClaims(activity, ctx.now)) return activity
  await reconcileSeats(ctx, activity._id)
  return (await findById<ActivityRecord>(ctx.db, ACTIVITIES, activity._id)) ?? activity
}
