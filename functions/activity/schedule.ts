/** The no-overlap rule under concurrency: a person's confirmed activities never overlap (see seats.ts). */
import type { ActionContext } from '../_lib/define'
import { AppError } from '../_lib/envelope'
import { USERS, type UserRecord } from '../_lib/caller'
import { findById } from '../_lib/documents'
import { SIGNUPS, signupId, type ActivityRecord, type SignupRecord } from './records'

/** How often a confirmation checks again when other confirmations of the same person keep landing. */
const CONFIRM_ATTEMPTS = 5

export type Overlap = { start: Date; end: Date; title: string }

/** Confirmed signups of `openid` (a value or a command) overlapping the activity. */
export const overlapWhere = (ctx: ActionContext, openid: unknown, activity: Pick<ActivityRecord, '_id' | 'startAt' | 'endAt'>) => ({
  openid,
  status: 'confirmed',
  activityId: ctx._.neq(activity._id),
  activityStatus: ctx._.neq('cancelled'),
  startAt: ctx._.lt(activity.endAt),
  endAt: ctx._.gt(activity.startAt),
})

const asOverlap = (s: SignupRecord): Overlap => ({ start: s.startAt, end: s.endAt, title: s.title })

/** The person's confirmed signups that overlap the activity (for the no-overlap rule). */
async function overlappingConfirmed(
  ctx: ActionContext,
  openid: string,
  activity: Pick<ActivityRecord, '_id' | 'startAt' | 'endAt'>,
): Promise<Overlap[]> {
  const { data } = await ctx.db
    .collection<SignupRecord>(SIGNUPS)
    .where(overlapWhere(ctx, openid, activity))
    .limit(5)
    .get()
  return data.map(asOverlap)
}

/** The caller's own signup and their confirmed signups overlapping the activity, in one query. */
export async function ownAndOverlapping(ctx: ActionContext, activity: ActivityRecord) {
  const id = signupId(activity._id, ctx.openid)
  const { data } = await ctx.db
    .collection<SignupRecord>(SIGNUPS)
    .where(ctx._.or([{ _id: id }, overlapWhere(ctx, ctx.openid, activity)]))
    .limit(6)
    .get()
  return { existing: data.find((s) => s._id === id) ?? null, overlapping: data.filter((s) => s._id !== id).map(asOverlap) }
}

export const versionOf = (user: Pick<UserRecord, 'scheduleVersion'> | null | undefined) => user?.scheduleVersion ?? 0

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
export async function settleConfirmation(
  ctx: ActionContext,
  openid: string,
  activity: ActivityRecord,
  version: number,
): Promise<Overlap[]> {
  for (let attempt = 0; attempt < CONFIRM_ATTEMPTS; attempt++) {
    if (await bumpSchedule(ctx, openid, version)) return []
    version = versionOf(await findById<UserRecord>(ctx.db, USERS, openid))
    const overlapping = await overlappingConfirmed(ctx, openid, activity)
    if (overlapping.length > 0) return overlapping
  }
  throw new AppError('CONFLICT', '报名人数正在变化，请稍后重试')
}
