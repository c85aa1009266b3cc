/** The organizer's roster: who holds a seat or waits, their hours confirmed, and the roster as a file. */
import type { ActionContext } from '../_lib/define'
import { AppError } from '../_lib/envelope'
import { exportTable } from '../_lib/exports'
import { readAll, readPage } from '../_lib/paging'
import type { TableFormat } from '../_lib/spreadsheet'
import { organizerActions } from '../../domain/activity/badges'
import { applyCredit, planCredit } from './credit'
import { SIGNUPS, type SignupRecord } from './records'
import { rosterSheet } from './reports'
import { LIVE_SIGNUP, findSignup, organizedActivity, people } from './store'
import { activitySummary, rosterEntry } from './views'

/** The live signups of an activity in arrival order (`seq` is unique within it). */
const liveSignups = (ctx: ActionContext, activityId: string) =>
  ctx.db
    .collection<SignupRecord>(SIGNUPS)
    .where({ activityId, status: ctx._.in(LIVE_SIGNUP) })
    .orderBy('seq', 'asc')

export async function roster(ctx: ActionContext, activityId: string, offset: number, pageSize: number) {
  const activity = await organizedActivity(ctx, activityId)
  const page = await readPage(liveSignups(ctx, activityId), offset, pageSize)
  const who = await people(
    ctx,
    page.items.map((signup) => signup.openid),
  )
  return {
    activity: activitySummary(activity, ctx.now),
    confirmedCount: activity.capacity - activity.seatsLeft,
    manage: organizerActions(activity, ctx.now, ctx.config.activity),
    items: page.items.map((signup) => rosterEntry(signup, activity, who.get(signup.openid)!)),
    hasMore: page.hasMore,
  }
}

/** Confirms (or adjusts) hours after the end; every entry is checked before anything is written. */
export async function confirmHours(ctx: ActionContext, activityId: string, entries: { openid: string; hours?: number }[]) {
  const activity = await organizedActivity(ctx, activityId)
  if (activity.status === 'cancelled') throw new AppError('CONFLICT', '活动已取消')
  if (ctx.now < activity.endAt) throw new AppError('CONFLICT', '活动结束后才能确认服务时长')
  const plans = []
  for (const entry of entries) {
    const signup = await findSignup(ctx, activityId, entry.openid)
    if (!signup) throw new AppError('NOT_FOUND', `${entry.openid} 没有报名该活动`)
    plans.push(planCredit(ctx, activity, { signup, hours: entry.hours }))
  }
  const results = []
  for (const plan of plans) {
    const { changed } = await applyCredit(ctx, activity, plan)
    results.push({
      openid: plan.signup.openid,
      hours: plan.record.hours,
      points: plan.record.points,
      source: plan.record.source,
      by: plan.record.by,
      at: plan.record.at.getTime(),
      changed,
    })
  }
  return { results }
}

/** The roster with hours, as CSV or XLSX, at an unguessable path with a short-lived link. */
export async function exportRoster(ctx: ActionContext, activityId: string, format: TableFormat) {
  const activity = await organizedActivity(ctx, activityId)
  const signups = await readAll(liveSignups(ctx, activityId))
  const who = await people(
    ctx,
    signups.map((signup) => signup.openid),
  )
  const rows = signups.map((signup) => ({ signup, person: who.get(signup.openid)! }))
  return exportTable(ctx, 'activity', 'roster', format, [rosterSheet(activity, rows)])
}
