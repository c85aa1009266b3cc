/** Reports and printable codes of the activity service. */
import type { ActionContext } from '../_lib/define'
import { AppError } from '../_lib/envelope'
import { exportTable, monthRange, saveFile } from '../_lib/exports'
import { findById } from '../_lib/documents'
import { readAll } from '../_lib/paging'
import type { TableFormat } from '../_lib/spreadsheet'
import { CODE_PAGES } from '../../domain/links'
import { miniProgramCode } from '../_lib/wxacode'
import { SIGNUPS, TEAMS, type SignupRecord, type TeamRecord } from './records'
import { hoursSheets } from './reports'
import { organizedActivity, organizes, people } from './store'

/** A team's volunteer hours in a Shanghai month, as XLSX or CSV; only its organizers and admins. */
export async function hoursReport(ctx: ActionContext, teamId: string, month: string, format: TableFormat) {
  if (!organizes(await ctx.caller(), teamId)) throw new AppError('FORBIDDEN', '只有本服务队的组织者或管理员可以导出')
  const team = await findById<TeamRecord>(ctx.db, TEAMS, teamId)
  if (!team) throw new AppError('NOT_FOUND', '服务队不存在')
  const { start, end } = monthRange(month)
  const signups = await readAll(
    ctx.db
      .collection<SignupRecord>(SIGNUPS)
      .where({ teamId, status: 'confirmed', startAt: ctx._.gte(start).and(ctx._.lt(end)) })
      .orderBy('_id', 'asc'),
  )
  const who = await people(ctx, [...new Set(signups.filter((s) => s.confirmation).map((s) => s.openid))])
  return exportTable(ctx, `hours/${teamId}`, `hours-${teamId}-${month}`, format, hoursSheets(team.name, month, signups, who))
}

/** A published activity's mini-program code for posters: WeChat opens its detail page with the id as `scene`. */
export async function activityCode(ctx: ActionContext, activityId: string) {
  const activity = await organizedActivity(ctx, activityId)
  if (activity.status !== 'published') throw new AppError('CONFLICT', '只有已发布的活动可以生成海报码')
  const code = await miniProgramCode(ctx, CODE_PAGES.activity, activity._id)
  const saved = await saveFile(ctx, `codes/activities/${activity._id}`, `activity-${activity._id}.${code.extension}`, code.image)
  return { activityId, title: activity.title, page: CODE_PAGES.activity, scene: activity._id, code: saved }
}
