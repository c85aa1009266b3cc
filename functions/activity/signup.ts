/** A volunteer signs up (a seat, else the waitlist) or gives up their place (see seats.ts for the rules). */
import { performance } from 'node:perf_hooks'
import type { ActionContext } from '../_lib/define'
import { AppError, refuseUnless } from '../_lib/envelope'
import { findById, isDuplicateKey } from '../_lib/documents'
import { checkSignupCancel, decideSignup } from '../../domain/activity/signup'
import { ACTIVITIES, SIGNUPS, signupId, type ActivityRecord, type SignupRecord } from './records'
import { findSignup, visibleActivity, waitlistLength, waitlistPosition } from './store'
import { ownAndOverlapping, settleConfirmation, versionOf, type Overlap } from './schedule'
import { takeSeat } from './seats'
import { cancelOwnSignup, fillFreeSeats, giveSeatBack, type ActivityState } from './waitlist'
import { detailView } from './browse'

interface SignupOutcome {
  signupId: string
  status: 'confirmed' | 'waitlisted'
  waitlistPosition: number | null
  repeated: boolean
  // What the detail view after it needs (no further request):
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
  const [position, waitlistCount] = await Promise.all([waitlistPosition(ctx, signup), waitlistLength(ctx, activity._id)])
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
 * Signs the caller up as the domain rule decides (`decideSignup`): a repeat answers as before, a
 * refusal says why; 'confirmed' tries for a seat (the waitlist if the last one went meanwhile),
 * 'waitlisted' (no seat left when the activity was read) joins the waitlist at once. Answers with what
 * the detail view needs: a new seat means nobody was waiting (seats go to the waitlist first), and a
 * new waitlist place is the last one, so its position is the waitlist's length.
 */
async function signUp(ctx: ActionContext, activity: ActivityRecord): Promise<SignupOutcome> {
  const [caller, { existing, overlapping }] = await Promise.all([ctx.caller(), ownAndOverlapping(ctx, activity)])
  const id = signupId(activity._id, ctx.openid)
  const decide = (otherConfirmed: Overlap[], current: SignupRecord | null = null) =>
    decideSignup({
      activity,
      now: ctx.now,
      profileComplete: caller.profileComplete,
      confirmedCount: activity.capacity - activity.seatsLeft,
      // 'pending' was left by an earlier version of the signup: read as not signed up
      existing: current && current.status !== 'pending' ? { status: current.status } : null,
      otherConfirmed,
    })
  const decision = decide(overlapping, existing)
  refuseUnless(decision)
  if (decision.repeated) return existingOutcome(ctx, activity, existing!, true)
  const version = versionOf(caller.user)

  if (decision.status === 'confirmed') {
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
        refuseUnless(decide(clash))
        throw new AppError('TIME_CONFLICT')
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

/** 报名: the outcome and the detail view the screen shows next (no second call). */
export async function joinActivity(ctx: ActionContext, activityId: string) {
  const activity = await visibleActivity(ctx, activityId)
  const { record, seatsLeft, waitlistCount, ...answer } = await signUp(ctx, activity)
  return { ...answer, detail: await detailView(ctx, { ...activity, seatsLeft }, record, answer.waitlistPosition, waitlistCount) }
}

/** What a cancellation answers: its outcome and the detail view the screen shows next (no second call). */
async function cancelled(ctx: ActionContext, { activity, waiting }: ActivityState) {
  // The caller's signup is cancelled: the view is the one of someone not signed up.
  return { activityId: activity._id, status: 'cancelled' as const, detail: await detailView(ctx, activity, null, null, waiting) }
}

/**
 * 取消报名 / 取消候补. A conditional write per status, no read first; a refusal reads why. A promotion
 * landing in between (waitlisted → confirmed) makes it try again. The detail view in the answer is
 * built from what the cancellation read on its way, so cancelling with a promotion stays within the
 * 8 requests an action may cost (issue 13).
 */
export async function cancelSignup(ctx: ActionContext, activityId: string) {
  const activity = await visibleActivity(ctx, activityId)
  const config = ctx.config.activity
  const allowed = (status: 'confirmed' | 'waitlisted') => checkSignupCancel(activity, status, ctx.now, config).ok
  for (let attempt = 0; attempt < 3; attempt++) {
    const after = await cancelOwnSignup(ctx, activity, allowed)
    if (after) return cancelled(ctx, after)
    const signup = await findSignup(ctx, activityId, ctx.openid)
    if (!signup) throw new AppError('NOT_FOUND', '您没有报名该活动')
    if (signup.status === 'pending') throw new AppError('CONFLICT', '报名处理中，请稍后再试')
    refuseUnless(checkSignupCancel(activity, signup.status, ctx.now, config))
    if (signup.status === 'cancelled') return cancelled(ctx, { activity, waiting: await waitlistLength(ctx, activityId) })
  }
  throw new AppError('CONFLICT', '报名状态正在变化，请稍后再试')
}
