/** The waitlist: a freed seat goes to the first waitlisted person by arrival who can take it (see seats.ts). */
import type { ActionContext } from '../_lib/define'
import { USERS, type UserRecord } from '../_lib/caller'
import { notify } from '../_lib/notify'
import { findById } from '../_lib/documents'
import { promotionOrder } from '../../domain/activity/signup'
import { formatShanghai, formatTimeRangeCn } from '../../domain/time'
import { ACTIVITIES, SIGNUPS, signupId, type ActivityRecord, type SignupRecord } from './records'
import { overlapWhere, settleConfirmation, versionOf } from './schedule'
import { waitlistLength } from './store'
import { returnSeat, takeSeat } from './seats'

const PROMOTION_PAGE = 20

/** A waiting person, as promotion needs them. */
type Candidate = Pick<SignupRecord, '_id' | 'openid' | 'seq'>

/** The waitlist's length, its first page of people by arrival and the latest arrival. */
interface WaitlistHead {
  total: number
  first: Candidate[]
  newest: number | null
}

/** Whether nobody joined or left a waitlist between two reads (whoever joins arrives last). */
const sameWaitlist = (a: WaitlistHead, b: WaitlistHead) =>
  a.total === b.total && a.newest === b.newest && a.first.map((c) => c._id).join() === b.first.map((c) => c._id).join()

/** An activity and the length of its waitlist, read at the moment the screen's view is built from. */
export interface ActivityState {
  activity: ActivityRecord
  waiting: number
}

const asCandidate = (activityId: string, { openid, seq }: { openid: string; seq: number }): Candidate => ({
  _id: signupId(activityId, openid),
  openid,
  seq,
})

/**
 * The waitlist's length and its first page by arrival, in one aggregation where a count and a page
 * would be two requests. The group holds each waiting person's OPENID and arrival (some 60 bytes
 * each, far under MongoDB's 16 MB a document at any waitlist's length); the answer holds one page.
 */
async function waitlistHead(ctx: ActionContext, activityId: string): Promise<WaitlistHead> {
  const $ = ctx.db.command.aggregate
  const { list } = await ctx.db
    .collection(SIGNUPS)
    .aggregate()
    .match({ activityId, status: 'waitlisted' })
    .sort({ seq: 1 })
    .group({ _id: null, total: $.sum(1), newest: $.max('$seq'), waiting: $.push({ openid: '$openid', seq: '$seq' }) })
    .project({ _id: 0, total: 1, newest: 1, first: $.slice(['$waiting', PROMOTION_PAGE]) })
    .end()
  const head = list[0]
  if (!head) return { total: 0, first: [], newest: null }
  return { total: head.total, newest: head.newest, first: head.first.map((c: Candidate) => asCandidate(activityId, c)) }
}

/** The waiting people who arrived after `seq`, a page of them by arrival. */
async function waitingAfter(ctx: ActionContext, activityId: string, seq: number): Promise<Candidate[]> {
  const { data } = await ctx.db
    .collection<SignupRecord>(SIGNUPS)
    .where({ activityId, status: 'waitlisted', seq: ctx._.gt(seq) })
    .orderBy('seq', 'asc')
    .field({ openid: true, seq: true })
    .limit(PROMOTION_PAGE)
    .get()
  return data.map((c) => asCandidate(activityId, c))
}

/**
 * Moves the first of `candidates` who can take the seat (domain rule `promotionOrder`: by arrival,
 * skipping whoever is now confirmed for an overlapping activity) to a confirmed seat; their schedule
 * versions and overlapping confirmations in two queries. The users read also brings the caller's
 * own record, which the answer's view needs.
 */
async function promoteFrom(ctx: ActionContext, activity: ActivityRecord, candidates: Candidate[]): Promise<Candidate | null> {
  const _ = ctx._
  const signups = ctx.db.collection<SignupRecord>(SIGNUPS)
  const openids = candidates.map((c) => c.openid)
  const { data: users } = await ctx.db
    .collection<UserRecord>(USERS)
    .where({ _id: _.in(ctx.openid ? [...openids, ctx.openid] : openids) })
    .limit(PROMOTION_PAGE + 1)
    .get()
  const own = users.find((user) => user._id === ctx.openid)
  if (own) ctx.knowCaller(own)
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
    if ((await settleConfirmation(ctx, candidate.openid, activity, versions.get(candidate.openid) ?? 0)).length === 0) return candidate
    await signups.where({ _id: candidate._id, status: 'confirmed', seq: candidate.seq }).update({ data: { status: 'waitlisted' } })
  }
  return null
}

/**
 * Moves the first waitlisted person who can take it to the seat the caller holds, page after page of
 * the waitlist from its head. Null when nobody can take it.
 */
async function promoteNext(ctx: ActionContext, activity: ActivityRecord, head: WaitlistHead): Promise<Candidate | null> {
  let page = head.first
  while (page.length > 0) {
    const promoted = await promoteFrom(ctx, activity, page)
    if (promoted || page.length < PROMOTION_PAGE) return promoted
    page = await waitingAfter(ctx, activity._id, page[page.length - 1].seq)
  }
  return null
}

async function notifyPromoted(ctx: ActionContext, activity: ActivityRecord, signup: Candidate): Promise<void> {
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

/**
 * Hands free seats to the waitlist, in arrival order, until one or the other runs out; `tried`: a
 * waitlist this request just went through without finding anyone who could take a seat (unchanged, it
 * is not tried again). Answers the activity and its waitlist's length as it last read them when both
 * are still true, else null.
 */
export async function fillFreeSeats(ctx: ActionContext, activityId: string, tried?: WaitlistHead): Promise<ActivityState | null> {
  for (;;) {
    const activity = await findById<ActivityRecord>(ctx.db, ACTIVITIES, activityId)
    if (!activity || activity.status !== 'published' || activity.seatsLeft <= 0 || ctx.now >= activity.startAt) return null
    const head = await waitlistHead(ctx, activityId)
    if (head.total === 0 || (tried && sameWaitlist(head, tried))) return { activity, waiting: head.total }
    if (!(await takeSeat(ctx, activityId))) return null
    const promoted = await promoteNext(ctx, activity, head)
    if (!promoted) {
      await returnSeat(ctx, activityId)
      return { activity, waiting: head.total }
    }
    await notifyPromoted(ctx, activity, promoted)
  }
}

/** Returns a seat this request took and no longer needs, handing it to the waitlist if anyone waits. */
export async function giveSeatBack(ctx: ActionContext, activityId: string, tried?: WaitlistHead): Promise<ActivityState | null> {
  await returnSeat(ctx, activityId)
  return fillFreeSeats(ctx, activityId, tried)
}

/**
 * Gives up the person's confirmed seat (handing it to the waitlist) or waitlist place, in a
 * conditional write each; null when there was none left to give up (the caller then reads why).
 * Answers the activity and its waitlist's length after it, for the view the person sees next: read on
 * the way where the cancellation reads them anyway. Idempotent.
 */
export async function cancelOwnSignup(
  ctx: ActionContext,
  activity: ActivityRecord,
  allowed: (status: 'confirmed' | 'waitlisted') => boolean,
): Promise<ActivityState | null> {
  const id = signupId(activity._id, ctx.openid)
  const cancel = async (status: 'confirmed' | 'waitlisted') =>
    allowed(status) &&
    (
      await ctx.db
        .collection(SIGNUPS)
        .where({ _id: id, status })
        .update({ data: { status: 'cancelled', cancelledAt: ctx.now } })
    ).stats.updated === 1
  if (!(await cancel('confirmed'))) {
    if (!(await cancel('waitlisted'))) return null
    return { activity, waiting: await waitlistLength(ctx, activity._id) }
  }
  // The seat passes on without touching the activity; a crash before it does is repaired by
  // reconcileSeats, which waits while any cancellation is this recent.
  let tried: WaitlistHead | undefined
  if (activity.status === 'published' && ctx.now < activity.startAt) {
    tried = await waitlistHead(ctx, activity._id)
    const promoted = await promoteNext(ctx, activity, tried)
    if (promoted) {
      await notifyPromoted(ctx, activity, promoted)
      return { activity, waiting: tried.total - 1 }
    }
  }
  const after = await giveSeatBack(ctx, activity._id, tried)
  if (after) return after
  const now = await findById<ActivityRecord>(ctx.db, ACTIVITIES, activity._id)
  return { activity: now ?? activity, waiting: await waitlistLength(ctx, activity._id) }
}
