/**
 * "What is mine next" for 首页, in one call: reads the three services' collections for the caller.
 * Only what the home cards show: the counseling session is time and state only, never its topic.
 */
import type { ActionContext } from '../_lib/define'
import { SIGNUPS, type SignupRecord } from '../activity/records'
import { LOANS, type LoanRecord } from '../bookcase/records'
import { BOOKINGS, type BookingRecord } from '../counseling/records'
import { isInCheckinWindow } from '../../domain/activity/signup'
import { loanDue } from '../../domain/bookcase/fee'
import { unreadCount } from './inbox'

/** Instants as epoch milliseconds, the contract's one wire format. */
const ms = (instant: Date) => new Date(instant).getTime()

export interface HomeActivity {
  activityId: string
  title: string
  startAt: number
  endAt: number
  locationName: string
  checkedIn: boolean
  checkinOpen: boolean
}

export interface HomeLoan {
  loanId: string
  title: string
  dueAt: number
  overdueDays: number
  feeSoFar: number
  dueText: string
  feeText: string | null
}

export interface HomeSession {
  bookingId: string
  start: number
  status: 'pending' | 'confirmed'
}

export async function nextActivity(ctx: ActionContext): Promise<HomeActivity | null> {
  const _ = ctx._
  const { data } = await ctx.db
    .collection<SignupRecord>(SIGNUPS)
    .where({ openid: ctx.openid, status: 'confirmed', activityStatus: 'published', endAt: _.gt(ctx.now) })
    .orderBy('startAt', 'asc')
    .limit(1)
    .get()
  const signup = data[0]
  if (!signup) return null
  return {
    activityId: signup.activityId,
    title: signup.title,
    startAt: ms(signup.startAt),
    endAt: ms(signup.endAt),
    locationName: signup.locationName,
    checkedIn: Boolean(signup.checkedInAt),
    checkinOpen: !signup.checkedInAt && isInCheckinWindow(signup, ctx.now),
  }
}

export async function loansOnHand(ctx: ActionContext): Promise<HomeLoan[]> {
  const { data } = await ctx.db
    .collection<LoanRecord>(LOANS)
    .where({ openid: ctx.openid, status: 'onLoan' })
    .orderBy('dueAt', 'asc')
    .limit(20)
    .get()
  return data.map((loan) => {
    const due = loanDue(loan.borrowedAt, ctx.now)
    return {
      loanId: loan._id,
      title: loan.title,
      dueAt: ms(loan.dueAt),
      overdueDays: due.overdueDays ?? 0,
      feeSoFar: loan.waived ? 0 : due.fee.feeFen,
      /** the one day count (domain loanDue): '还剩 3 天' / '今天到期' / '已逾期 5 天' */
      dueText: due.text,
      feeText: loan.waived ? null : due.feeText,
    }
  })
}

export async function nextSession(ctx: ActionContext): Promise<HomeSession | null> {
  const _ = ctx._
  const { data } = await ctx.db
    .collection<BookingRecord>(BOOKINGS)
    .where({ workerOpenid: ctx.openid, status: _.in(['pending', 'confirmed']), end: _.gt(ctx.now) })
    .orderBy('start', 'asc')
    .limit(1)
    .field({ _id: true, start: true, status: true })
    .get()
  const booking = data[0]
  return booking ? { bookingId: booking._id, start: ms(booking.start), status: booking.status as HomeSession['status'] } : null
}

/** 首页 in one call: profile state, the next activity, books on loan, the next session, unread count. */
export async function home(ctx: ActionContext) {
  const caller = await ctx.caller()
  const [activity, loans, session, unreadMessages] = await Promise.all([
    nextActivity(ctx),
    loansOnHand(ctx),
    nextSession(ctx),
    unreadCount(ctx),
  ])
  return { profileComplete: caller.profileComplete, nextActivity: activity, loans, nextSession: session, unreadMessages }
}
