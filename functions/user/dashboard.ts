/**
 * The admins' dashboard: aggregates only, about no one. Reads counters kept at write time and
 * indexed counts, never the signups or loans themselves, so it stays a few reads at city scale.
 * Signups are counted here (one count per month on `signedUpAt`) rather than on every signup, which
 * keeps a signup within its few DB requests.
 */
import type { ActionContext } from '../_lib/define'
import { MONTHLY_STATS, activityMonthId, shanghaiMonth, type ActivityMonthStats, type CabinetStats } from '../_lib/counters'
import { CABINETS, LOANS, type CabinetRecord } from '../bookcase/records'
import { counselingStats } from '../counseling/privacy'
import { readAll } from '../_lib/paging'
import { COUNSELING_TOPICS } from '../../domain/counseling/consent'
import { shanghaiInstant } from '../../domain/time'
import { SIGNUPS } from '../activity/records'

const DASHBOARD_MONTHS = 6

/** The last `count` Shanghai months 'YYYY-MM', oldest first, ending with the month of `now`. */
function recentMonths(now: Date, count: number): string[] {
  const current = shanghaiMonth(now)
  const index = Number(current.slice(0, 4)) * 12 + Number(current.slice(5, 7)) - 1
  return Array.from({ length: count }, (_, i) => {
    const m = index - (count - 1) + i
    return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`
  })
}

/** The first instant of a Shanghai month 'YYYY-MM' and of the month after it. */
function monthRange(month: string): [Date, Date] {
  const [year, m] = month.split('-').map(Number)
  const next = m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`
  return [shanghaiInstant(`${month}-01`), shanghaiInstant(`${next}-01`)]
}

async function activityMonths(ctx: ActionContext, months: string[]) {
  const _ = ctx._
  const [{ data }, signups] = await Promise.all([
    ctx.db
      .collection<ActivityMonthStats>(MONTHLY_STATS)
      .where({ _id: _.in(months.map(activityMonthId)) })
      .get(),
    Promise.all(
      months.map(async (month) => {
        const [from, to] = monthRange(month)
        return (
          await ctx.db
            .collection(SIGNUPS)
            .where({ signedUpAt: _.and(_.gte(from), _.lt(to)) })
            .count()
        ).total
      }),
    ),
  ])
  const byMonth = new Map(data.map((doc) => [doc.month, doc]))
  return months.map((month, i) => ({ month, signups: signups[i], hours: byMonth.get(month)?.hours ?? 0 }))
}

async function loansByCabinet(ctx: ActionContext) {
  const [cabinets, counters] = await Promise.all([
    readAll(ctx.db.collection<CabinetRecord>(CABINETS).where({}).orderBy('_id', 'asc')),
    readAll(ctx.db.collection<CabinetStats>(MONTHLY_STATS).where({ kind: 'cabinet' }).orderBy('_id', 'asc')),
  ])
  const loans = new Map(counters.map((doc) => [doc.cabinetId, doc.loans]))
  return cabinets.map((cabinet) => ({ cabinetId: cabinet._id, name: cabinet.name, loans: loans.get(cabinet._id) ?? 0 }))
}

async function overdueLoans(ctx: ActionContext): Promise<number> {
  const { total } = await ctx.db
    .collection(LOANS)
    .where({ status: 'onLoan', dueAt: ctx._.lt(ctx.now) })
    .count()
  return total
}

/** Sessions per month (by the session's month) and topic; months without any show as zeros. */
async function counselingMonths(ctx: ActionContext, months: string[]) {
  const stats = await counselingStats(ctx, months.length)
  const byMonth = new Map(stats.byMonth.map((m) => [m.month, m]))
  return months.map((month) => {
    const found = byMonth.get(month)
    const topics = Object.fromEntries(COUNSELING_TOPICS.map((topic) => [topic, found?.topics[topic] ?? 0]))
    return { month, sessions: found?.bookings ?? 0, topics }
  })
}

export async function dashboard(ctx: ActionContext) {
  const months = recentMonths(ctx.now, DASHBOARD_MONTHS)
  const [activity, cabinets, overdue, counseling] = await Promise.all([
    activityMonths(ctx, months),
    loansByCabinet(ctx),
    overdueLoans(ctx),
    counselingMonths(ctx, months),
  ])
  return {
    months,
    activity,
    loansByCabinet: cabinets,
    overdueLoans: overdue,
    counseling: { topics: [...COUNSELING_TOPICS], byMonth: counseling },
  }
}
