/**
 * The loan clock. Free for 15 × 24 h from the instant the cabinet saw the book leave; then 100 fen
 * for each started 24 h period; never more than the deposit (4500 fen). When the fee reaches that
 * cap the book counts as lost and the deposit is kept. With the defaults: free through exactly
 * 15 days, 100 fen from 15 days + 1 ms, 4500 fen and lost from 59 days + 1 ms (the 45th started day).
 */
import { defaultConfig, type BookcaseConfig } from '../config'
import { DAY_MS, addDaysToDate, shanghaiDate } from '../time'

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
