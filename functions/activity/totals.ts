/** A volunteer's totals, for the profile card in 我的 (user.me) as well as the activity service. */
import type { ActionContext } from '../_lib/define'
import { VOLUNTEER_STATS, type VolunteerStatsRecord } from './records'

export interface VolunteerTotals {
  hours: number
  points: number
  activities: number
  noShows: number
  teams: string[]
}

export async function volunteerTotals(ctx: ActionContext, openid: string = ctx.openid): Promise<VolunteerTotals> {
  const { data } = await ctx.db.collection<VolunteerStatsRecord>(VOLUNTEER_STATS).where({ _id: openid }).get()
  const stats = data[0]
  return {
    hours: stats?.hours ?? 0,
    points: stats?.points ?? 0,
    activities: stats?.activities ?? 0,
    noShows: stats?.noShows ?? 0,
    teams: stats?.teams ?? [],
  }
}
