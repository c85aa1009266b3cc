/** An organizer's own activities: create (as a draft or published), edit, publish, cancel. */
import { acceptMedia } from '../_lib/media'
import type { ActionContext } from '../_lib/define'
import { AppError, refuseUnless } from '../_lib/envelope'
import { isDuplicateKey, findById } from '../_lib/documents'
import { notify } from '../_lib/notify'
import { forEachBatch } from '../_lib/paging'
import { fieldMessage } from '../../domain/fieldLabels'
import { validateActivityDraft, type ActivityDraft } from '../../domain/activity/draft'
import { checkActivityTransition, isActivityEditable } from '../../domain/activity/status'
import { sha256Hex } from '../_lib/crypto'
import { formatTimeRangeCn } from '../../domain/time'
import { ACTIVITIES, SIGNUPS, TEAMS, type ActivityRecord, type SignupRecord, type TeamRecord } from './records'
import { LIVE_SIGNUP, organizedActivity, organizes, requireActivity } from './store'
import { fillFreeSeats } from './waitlist'
import { activityDetail } from './views'
import { readDetail } from './browse'

/** What the form sends (the description may be left out). */
export type DraftFields = Omit<ActivityDraft, 'description'> & { description?: string; cover?: string }

function checkDraft(ctx: ActionContext, draft: ActivityDraft, now?: Date): void {
  const errors = validateActivityDraft(draft, { now, config: ctx.config.activity })
  const [field, message] = Object.entries(errors)[0] ?? []
  if (field) throw new AppError('INVALID_ARGUMENT', fieldMessage(field, message))
}

async function teamName(ctx: ActionContext, teamId: string): Promise<string> {
  return (await findById<TeamRecord>(ctx.db, TEAMS, teamId))?.name ?? `服务队 ${teamId}`
}

/** `requestId` makes a retried create answer the activity the first one made. */
export async function createActivity(
  ctx: ActionContext,
  { teamId, requestId, publish, ...fields }: DraftFields & { teamId: string; requestId?: string; publish?: boolean },
) {
  const caller = await ctx.caller()
  if (!organizes(caller, teamId)) throw new AppError('FORBIDDEN', '只能为本服务队发布活动')
  const draft: ActivityDraft = { ...fields, description: fields.description ?? '' }
  checkDraft(ctx, draft, ctx.now)
  await acceptMedia(ctx, fields.cover, 'covers')
  const record: Omit<ActivityRecord, '_id'> = {
    ...draft,
    title: draft.title.trim(),
    location: { ...draft.location, name: draft.location.name.trim() },
    seatsLeft: draft.capacity,
    teamId,
    teamName: await teamName(ctx, teamId),
    status: publish ? 'published' : 'draft',
    createdBy: ctx.openid,
    createdAt: ctx.now,
    updatedAt: ctx.now,
    publishedAt: publish ? ctx.now : null,
    cancelledAt: null,
    cancelReason: null,
  }
  const id = requestId ? `a${sha256Hex(`${ctx.openid}|${requestId}`).slice(0, 23)}` : undefined
  let activityId: string
  try {
    activityId = (await ctx.db.collection(ACTIVITIES).add({ data: id ? { _id: id, ...record } : record }))._id
  } catch (error) {
    if (!id || !isDuplicateKey(error)) throw error
    activityId = id
  }
  return activityDetail(await requireActivity(ctx, activityId), ctx.now)
}

/** Changes the fields sent; a larger capacity hands the new seats to the waitlist. */
export async function updateActivity(ctx: ActionContext, activityId: string, changes: Partial<DraftFields>) {
  const _ = ctx._
  await acceptMedia(ctx, changes.cover, 'covers')
  for (let attempt = 0; attempt < 5; attempt++) {
    const activity = await organizedActivity(ctx, activityId)
    if (!isActivityEditable(activity.status)) throw new AppError('CONFLICT', '活动已取消或已结束，不能修改')
    // The schema leaves absent keys out, so spreading keeps the stored value of every field not sent.
    const draft: ActivityDraft = { ...activity, ...(changes as Partial<ActivityDraft>) }
    const timesMoved = ['startAt', 'signupDeadline'].some((key) => key in changes)
    checkDraft(ctx, draft, timesMoved || activity.status === 'draft' ? ctx.now : undefined)
    const confirmed = activity.capacity - activity.seatsLeft
    if (draft.capacity < confirmed) throw new AppError('CONFLICT', `招募人数不能少于已获得名额的 ${confirmed} 人`)
    const data = {
      ...changes,
      location: _.set(draft.location),
      seatsLeft: _.inc(draft.capacity - activity.capacity),
      updatedAt: ctx.now,
    }
    // Conditional on the capacity and seats read: a seat taken meanwhile makes this retry with fresh numbers.
    const { stats } = await ctx.db
      .collection(ACTIVITIES)
      .where({ _id: activityId, status: activity.status, capacity: activity.capacity, seatsLeft: activity.seatsLeft })
      .update({ data })
    if (stats.updated !== 1) continue
    await ctx.db
      .collection(SIGNUPS)
      .where({ activityId })
      .update({ data: { title: draft.title, startAt: draft.startAt, endAt: draft.endAt, locationName: draft.location.name } })
    if (draft.capacity > activity.capacity) await fillFreeSeats(ctx, activityId)
    return activityDetail(await requireActivity(ctx, activityId), ctx.now)
  }
  throw new AppError('CONFLICT', '报名人数正在变化，请稍后重试')
}

/** Answers the activity and, as `detail`, the page the organizer sees next (so the screen asks nothing more). */
export async function publishActivity(ctx: ActionContext, activityId: string) {
  const activity = await organizedActivity(ctx, activityId)
  if (activity.status === 'published') return { ...activityDetail(activity, ctx.now), detail: await readDetail(ctx, activity) }
  refuseUnless(checkActivityTransition(activity.status, 'published'))
  checkDraft(ctx, activity, ctx.now)
  await ctx.db
    .collection(ACTIVITIES)
    .where({ _id: activityId, status: 'draft' })
    .update({ data: { status: 'published', publishedAt: ctx.now, updatedAt: ctx.now } })
  await ctx.db
    .collection(SIGNUPS)
    .where({ activityId })
    .update({ data: { activityStatus: 'published' } })
  const published = await requireActivity(ctx, activityId)
  return { ...activityDetail(published, ctx.now), detail: await readDetail(ctx, published) }
}

/** Cancels the activity and tells everyone signed up or waiting; answers how many were told and the page shown next. */
export async function cancelActivity(ctx: ActionContext, activityId: string, reason?: string) {
  const activity = await organizedActivity(ctx, activityId)
  if (activity.status !== 'cancelled') {
    if (ctx.now >= activity.endAt) throw new AppError('CONFLICT', '活动已结束，不能取消')
    refuseUnless(checkActivityTransition(activity.status, 'cancelled'))
    await ctx.db
      .collection(ACTIVITIES)
      .where({ _id: activityId, status: activity.status })
      .update({ data: { status: 'cancelled', cancelledAt: ctx.now, cancelReason: reason ?? null, updatedAt: ctx.now } })
  }
  const cancelled = await requireActivity(ctx, activityId)
  if (cancelled.status !== 'cancelled') throw new AppError('CONFLICT')
  await ctx.db
    .collection(SIGNUPS)
    .where({ activityId })
    .update({ data: { activityStatus: 'cancelled' } })
  // Repeating the action re-sends nothing (keyed notices) but finishes an interrupted round.
  let notified = 0
  await forEachBatch<SignupRecord>(
    (last) =>
      ctx.db
        .collection<SignupRecord>(SIGNUPS)
        .where({ activityId, status: ctx._.in(LIVE_SIGNUP), seq: ctx._.gt(last?.seq ?? -1) })
        .orderBy('seq', 'asc'),
    async (batch) => {
      for (const signup of batch) {
        const sent = await notify(ctx, {
          openid: signup.openid,
          kind: 'activityCancelled',
          title: '活动已取消',
          body: `您报名的「${cancelled.title}」（${formatTimeRangeCn(cancelled.startAt, cancelled.endAt)}）已取消${cancelled.cancelReason ? `：${cancelled.cancelReason}` : '。'}`,
          page: `/packages/activity/pages/detail/index?id=${activityId}`,
          key: `activityCancelled-${activityId}-${sha256Hex(signup.openid).slice(0, 16)}`,
        })
        if (sent) notified++
      }
    },
  )
  return { activity: activityDetail(cancelled, ctx.now), notified, detail: await readDetail(ctx, cancelled) }
}
