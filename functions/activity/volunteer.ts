/** A volunteer's own side: my activities, the leaderboard, the 志愿者证 and its verification by an organizer. */
import type { ActionContext } from '../_lib/define'
import { requireSetting } from '../_lib/env'
import { AppError, refuseUnless } from '../_lib/envelope'
import { findById } from '../_lib/documents'
import { readPage } from '../_lib/paging'
import { USERS, type UserRecord } from '../_lib/caller'
import { maskName } from '../../domain/names'
import { issueCardCode, verifyCardCode, volunteerNumber } from './volunteerCard'
import {
  SIGNUPS,
  TEAMS,
  VOLUNTEER_STATS,
  VOLUNTEER_TEAM_STATS,
  type SignupRecord,
  type TeamRecord,
  type VolunteerStatsRecord,
  type VolunteerTeamStatsRecord,
} from './records'
import { LIVE_SIGNUP, waitlistPositions } from './store'
import { volunteerTotals } from './totals'
import { mySignupView } from './views'

export type MySignupsFilter = 'upcoming' | 'waitlisted' | 'past'

/** 我的活动: a page of my seats, waitlist places or past activities, with their places in the waitlists. */
export async function mySignups(ctx: ActionContext, filter: MySignupsFilter | undefined, offset: number, pageSize: number) {
  const _ = ctx._
  const where: Record<string, unknown> = { openid: ctx.openid, status: _.in(LIVE_SIGNUP) }
  if (filter === 'upcoming') Object.assign(where, { status: 'confirmed', endAt: _.gt(ctx.now) })
  if (filter === 'waitlisted') Object.assign(where, { status: 'waitlisted', startAt: _.gt(ctx.now) })
  if (filter === 'past') Object.assign(where, { status: 'confirmed', endAt: _.lte(ctx.now) })
  const page = await readPage(
    ctx.db
      .collection<SignupRecord>(SIGNUPS)
      .where(where)
      .orderBy('startAt', filter === 'past' ? 'desc' : 'asc'),
    offset,
    pageSize,
  )
  const positions = await waitlistPositions(ctx, page.items)
  const items = page.items.map((signup) => mySignupView(signup, ctx.now, positions.get(signup._id) ?? null))
  return { items, hasMore: page.hasMore }
}

/** The top 50 by hours, city-wide or in one team (names masked), and my own rank. */
export async function leaderboard(ctx: ActionContext, scope: 'city' | 'team', teamId?: string) {
  const _ = ctx._
  if (scope === 'team' && !teamId) throw new AppError('INVALID_ARGUMENT', 'teamId：查看服务队排行需指定服务队')
  const collection = scope === 'city' ? VOLUNTEER_STATS : VOLUNTEER_TEAM_STATS
  const base = scope === 'city' ? {} : { teamId }
  const { data } = await ctx.db
    .collection<VolunteerStatsRecord | VolunteerTeamStatsRecord>(collection)
    .where({ ...base, hours: _.gt(0) })
    .orderBy('hours', 'desc')
    .limit(50)
    .get()
  const ownerOf = (row: VolunteerStatsRecord | VolunteerTeamStatsRecord) => ('openid' in row ? row.openid : row._id)
  const mineRow = (
    await ctx.db
      .collection<VolunteerStatsRecord | VolunteerTeamStatsRecord>(collection)
      .where({ ...base, [scope === 'city' ? '_id' : 'openid']: ctx.openid })
      .get()
  ).data[0]
  const myHours = mineRow?.hours ?? 0
  const myRank =
    myHours > 0
      ? (
          await ctx.db
            .collection(collection)
            .where({ ...base, hours: _.gt(myHours) })
            .count()
        ).total + 1
      : null
  return {
    scope,
    teamId: teamId ?? null,
    items: data.map((row, index) => ({
      rank: index + 1,
      name: maskName(row.name),
      hours: row.hours,
      points: row.points,
      mine: ownerOf(row) === ctx.openid,
    })),
    me: { hours: myHours, rank: myRank },
  }
}

/** The named teams among the given ids: one request, none for no teams. */
async function teamsNamed(ctx: ActionContext, ids: string[]): Promise<TeamRecord[]> {
  if (!ids.length) return []
  const { data } = await ctx.db
    .collection<TeamRecord>(TEAMS)
    .where({ _id: ctx._.in(ids) })
    .get()
  return data
}

/** 志愿者证: who, the volunteer number, teams and totals, and a signed short-lived code to show. */
export async function volunteerCard(ctx: ActionContext) {
  const [caller, totals] = await Promise.all([ctx.caller(), volunteerTotals(ctx)])
  const [teams, { total: upcoming }] = await Promise.all([
    teamsNamed(ctx, totals.teams),
    ctx.db
      .collection(SIGNUPS)
      .where({ openid: ctx.openid, status: 'confirmed', endAt: ctx._.gt(ctx.now) })
      .count(),
  ])
  const { code, expiresAt } = issueCardCode(requireSetting(ctx.env, 'checkinSecret'), ctx.openid, ctx.now)
  return {
    ...totals,
    name: caller.user.profile?.realName ?? null,
    volunteerNo: volunteerNumber(ctx.openid),
    teams: totals.teams.map((id) => ({ id, name: teams.find((t) => t._id === id)?.name ?? `服务队 ${id}` })),
    upcoming,
    code,
    codeExpiresAt: new Date(expiresAt).getTime(),
  }
}

/** An organizer scans a 志愿者证's code: whose card it is and their totals, if the code is genuine and fresh. */
export async function verifyVolunteerCard(ctx: ActionContext, code: string) {
  const check = verifyCardCode(requireSetting(ctx.env, 'checkinSecret'), code, ctx.now)
  refuseUnless(check)
  const [user, totals] = await Promise.all([findById<UserRecord>(ctx.db, USERS, check.openid), volunteerTotals(ctx, check.openid)])
  if (!user) throw new AppError('NOT_FOUND', '找不到这位志愿者')
  const teams = await teamsNamed(ctx, totals.teams)
  return {
    name: user.profile?.realName ?? '未填写',
    volunteerNo: volunteerNumber(check.openid),
    hours: totals.hours,
    points: totals.points,
    activities: totals.activities,
    teams: teams.map((team) => team.name),
  }
}
