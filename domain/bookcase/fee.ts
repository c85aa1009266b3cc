/**
 * The loan clock. Free for 15 × 24 h from the instant the cabinet saw the book leave; then 100 fen
 * for each started 24 h period; never more than the deposit (4500 fen). When the fee reaches that
 * cap the book counts as lost and the deposit is kept. With the defaults: free through exactly
 * 15 days, 100 fen from 15 days + 1 ms, 4500 fen and lost from 59 days + 1 ms (the 45th started day).
 */
import { defaultConfig, type BookcaseConfig } from '../config'
import { DAY_MS, addDaysToDate, daysBetweenDates, shanghaiDate } from '../time'
import { formatYuanCn } from '../money'

export type LoanState = 'free' | 'overdue' | 'lost'

export interface LoanFee {
  feeFen: number
  /** started 24 h periods after the free period */
  overdueDays: number
  state: LoanState
}

const feeCap = (config: BookcaseConfig) => config.depositFen

export function loanFee(borrowedAt: Date, at: Date, config: BookcaseConfig = defaultConfig.bookcase): LoanFee {
  const overdueMs = at.getTime() - borrowedAt.getTime() - config.freeDays * DAY_MS
  const overdueDays = overdueMs > 0 ? Math.ceil(overdueMs / DAY_MS) : 0
  const feeFen = Math.min(overdueDays * config.feePerDayFen, feeCap(config))
  const state: LoanState = overdueDays === 0 ? 'free' : feeFen >= feeCap(config) ? 'lost' : 'overdue'
  return { feeFen, overdueDays, state }
}

/** The end of the free period: borrow + 15 × 24 h. Returned at or before it, the loan costs nothing. */
export function dueAt(borrowedAt: Date, config: BookcaseConfig = defaultConfig.bookcase): Date {
  return new Date(borrowedAt.getTime() + config.freeDays * DAY_MS)
}

/** The Shanghai date of `dueAt`, for '请于 12月8日 前归还' style display. */
export function dueDate(borrowedAt: Date, config: BookcaseConfig = defaultConfig.bookcase): string {
  return shanghaiDate(dueAt(borrowedAt, config))
}

/** The last instant before the cap is reached: a loan still open after it is lost. */
export function lostAfter(borrowedAt: Date, config: BookcaseConfig = defaultConfig.bookcase): Date {
  const daysToCap = Math.ceil(feeCap(config) / config.feePerDayFen)
  return new Date(borrowedAt.getTime() + (config.freeDays + daysToCap - 1) * DAY_MS)
}

/**
 * '借阅 N 天': started 24 h periods between borrow and return (or now), at least 1 — a book
 * returned after ten minutes was kept 1 day, one returned after exactly 15 × 24 h, 15 days.
 */
export function daysKept(borrowedAt: Date, until: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - borrowedAt.getTime()) / DAY_MS))
}

/**
 * Which reminder the daily cron sends for an open loan: on the Shanghai day before the due date,
 * and every day once overdue (not once lost: the lost notice is its own message).
 */
export function loanReminder(
  borrowedAt: Date,
  now: Date,
  config: BookcaseConfig = defaultConfig.bookcase,
): 'due_tomorrow' | 'overdue' | null {
  const state = loanFee(borrowedAt, now, config).state
  if (state === 'overdue') return 'overdue'
  if (state === 'free' && shanghaiDate(now) === addDaysToDate(dueDate(borrowedAt, config), -1)) return 'due_tomorrow'
  return null
}

/** Fees owed on books still out, at `now` (they count as unsettled for the next borrow). */
export function accruingFees(
  openLoans: ReadonlyArray<{ borrowedAt: Date }>,
  now: Date,
  config: BookcaseConfig = defaultConfig.bookcase,
): number {
  return openLoans.reduce((sum, loan) => sum + loanFee(loan.borrowedAt, now, config).feeFen, 0)
}

export type LoanDueKind = 'left' | 'dueToday' | 'overdue' | 'lost'

export interface LoanDue {
  kind: LoanDueKind
  /** calendar days (Shanghai) until the due date; 0 on it */
  daysLeft: number | null
  /** Shanghai calendar days past the due date, at least 1 once the due instant has passed */
  overdueDays: number | null
  /** the fee so far and the started days it charges */
  fee: LoanFee
  /** '还剩 15 天' / '今天到期' / '已逾期 5 天' */
  text: string
  /** what the money number is: '逾期费 6 元（已计 6 天，每天 1 元，不足一天按一天）' */
  feeText: string | null
}

/**
 * The one day count every screen and message uses for a book on loan. Before the due instant it
 * counts Shanghai calendar days to the due date (borrowed today: 还剩 15 天; the due date: 今天到期);
 * after it, calendar days past the due date, at least 1 (5 days and 36 s late: 已逾期 5 天). The fee
 * counts started 24 h periods (6 there), so its line says how many days it charges: the two numbers
 * never seem to disagree.
 */
export function loanDue(borrowedAt: Date, now: Date, config: BookcaseConfig = defaultConfig.bookcase): LoanDue {
  const fee = loanFee(borrowedAt, now, config)
  const due = dueAt(borrowedAt, config)
  if (now.getTime() <= due.getTime()) {
    const daysLeft = daysBetweenDates(shanghaiDate(now), shanghaiDate(due))
    return {
      kind: daysLeft === 0 ? 'dueToday' : 'left',
      daysLeft,
      overdueDays: null,
      fee,
      text: daysLeft === 0 ? '今天到期' : `还剩 ${daysLeft} 天`,
      feeText: null,
    }
  }
  const overdueDays = Math.max(1, daysBetweenDates(shanghaiDate(due), shanghaiDate(now)))
  const perDay = formatYuanCn(config.feePerDayFen)
  const feeText =
    fee.state === 'lost'
      ? `已达押金上限 ${formatYuanCn(fee.feeFen)}，按丢失处理`
      : `逾期费 ${formatYuanCn(fee.feeFen)}（已计 ${fee.overdueDays} 天，每天 ${perDay}，不足一天按一天）`
  return { kind: fee.state === 'lost' ? 'lost' : 'overdue', daysLeft: null, overdueDays, fee, text: `已逾期 ${overdueDays} 天`, feeText }
}
