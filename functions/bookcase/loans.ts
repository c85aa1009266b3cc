/** Loans as the borrower sees them, the daily reminders, books lost at the fee cap, and fee waivers. */
import type { ActionContext } from '../_lib/define'
import { readAll, readPage } from '../_lib/paging'
import { AppError } from '../_lib/envelope'
import { notify } from '../_lib/notify'
import { withTransaction } from '../_lib/transaction'
import { deductFee, dueDate, loanDue, loanFee, loanReminder, lostAfter } from '../../domain/bookcase'
import { formatYuanCn } from '../../domain/money'
import type { BookcaseConfig } from '../../domain/config'
import { addDaysToDate, formatDateStringCn, shanghaiDate, shanghaiInstant } from '../../domain/time'
import { accountInTransaction, bookChange } from './deposit'
import { findById, readInTransaction, writeInTransaction } from '../_lib/documents'
import { BOOKS, DEPOSIT_ACCOUNTS, LOANS, type BookRecord, type DepositAccount, type LoanRecord } from './records'

const LOANS_PAGE = '/packages/bookcase/pages/loans/index'

export function loanView(loan: LoanRecord, now: Date, config?: BookcaseConfig) {
  const borrowedAt = new Date(loan.borrowedAt)
  const dueAt = new Date(loan.dueAt)
  const open = loan.status === 'onLoan'
  const current = open ? loanDue(borrowedAt, now, config) : null
  return {
    loanId: loan._id,
    title: loan.title,
    isbn: loan.isbn,
    status: loan.status,
    borrowedAt,
    dueAt,
    dueDate: dueDate(borrowedAt, config),
    /** Calendar days to the due date (0 on it); null once overdue or closed (domain loanDue). */
    daysLeft: current ? current.daysLeft : null,
    overdueDays: current ? current.overdueDays : null,
    /** '还剩 15 天' / '今天到期' / '已逾期 5 天' for a book still out */
    dueText: current ? current.text : null,
    /** what the fee number is, for a book still out and late */
    feeText: current && !loan.waived ? current.feeText : null,
    /** Fee so far for a book still out (what a return now would cost); the fee charged once closed. */
    fee: loan.waived ? 0 : current ? current.fee.feeFen : loan.fee,
    returnedAt: loan.returnedAt,
    overLimit: loan.overLimit,
    waived: loan.waived,
  }
}

export async function myLoans(ctx: ActionContext, offset: number, pageSize: number) {
  const loans = ctx.db.collection<LoanRecord>(LOANS)
  const { data: open } = await loans.where({ openid: ctx.openid, status: 'onLoan' }).orderBy('borrowedAt', 'asc').limit(100).get()
  const past = await readPage(
    loans.where({ openid: ctx.openid, status: ctx._.in(['returned', 'lost']) }).orderBy('borrowedAt', 'desc'),
    offset,
    pageSize,
  )
  return {
    current: open.map((loan) => loanView(loan, ctx.now, ctx.config.bookcase)),
    history: past.items.map((loan) => loanView(loan, ctx.now, ctx.config.bookcase)),
    hasMore: past.hasMore,
  }
}

/** Open loans, a page at a time, oldest first (the cron walks all of them). */
async function* openLoans(ctx: ActionContext, extra: Record<string, unknown> = {}) {
  let lastId = ''
  for (;;) {
    const { data } = await ctx.db
      .collection<LoanRecord>(LOANS)
      .where({ status: 'onLoan', _id: ctx._.gt(lastId), ...extra })
      .orderBy('_id', 'asc')
      .limit(100)
      .get()
    yield* data
    if (data.length < 100) return
    lastId = data[data.length - 1]._id
  }
}

/** Cron: the day-before-due reminder and the daily overdue notice; one per loan per Shanghai day. */
export async function sendLoanReminders(ctx: ActionContext): Promise<{ dueSoon: number; overdue: number }> {
  const config = ctx.config.bookcase
  const today = shanghaiDate(ctx.now)
  const counts = { dueSoon: 0, overdue: 0 }
  // Only loans due by the end of tomorrow can need a reminder, and each at most once a day.
  const dueBy = shanghaiInstant(addDaysToDate(today, 2))
  for await (const loan of openLoans(ctx, { dueAt: ctx._.lt(dueBy), remindedOn: ctx._.neq(today) })) {
    const borrowedAt = new Date(loan.borrowedAt)
    const reminder = loanReminder(borrowedAt, ctx.now, config)
    if (reminder === 'due_tomorrow') {
      const sent = await notify(ctx, {
        openid: loan.openid,
        kind: 'dueSoon',
        title: '图书明天到期',
        body: `《${loan.title}》应于 ${formatDateStringCn(dueDate(borrowedAt, config))} 前归还，逾期每天 ${formatYuanCn(config.feePerDayFen)}`,
        page: LOANS_PAGE,
        key: `dueSoon-${loan._id}`,
        templateData: { thing1: loan.title.slice(0, 20), date2: dueDate(borrowedAt, config) },
      })
      if (sent) counts.dueSoon++
    } else if (reminder === 'overdue' && !loan.waived) {
      const { overdueDays, text, fee } = loanDue(borrowedAt, ctx.now, config)
      const feeFen = fee.feeFen
      const sent = await notify(ctx, {
        openid: loan.openid,
        kind: 'overdue',
        title: '图书已逾期',
        body: `《${loan.title}》${text}，目前逾期费 ${formatYuanCn(feeFen)}，请尽快到任一书柜归还`,
        page: LOANS_PAGE,
        key: `overdue-${loan._id}-${today}`,
        templateData: { thing1: loan.title.slice(0, 20), number2: String(overdueDays), amount3: formatYuanCn(feeFen) },
      })
      if (sent) counts.overdue++
    }
    await ctx.db
      .collection(LOANS)
      .doc(loan._id)
      .update({ data: { remindedOn: today } })
  }
  return counts
}

/** Cron: a book still out when its fee reaches the cap is lost; the fee (the whole deposit) is kept. */
export async function markLostLoans(ctx: ActionContext): Promise<{ lost: number }> {
  const capAfterMs = lostAfter(new Date(0), ctx.config.bookcase).getTime()
  const borrowedBefore = new Date(ctx.now.getTime() - capAfterMs)
  let lost = 0
  for await (const loan of openLoans(ctx, { borrowedAt: ctx._.lt(borrowedBefore) })) {
    const marked = await withTransaction(ctx.db, async (t) => {
      const current = await readInTransaction<LoanRecord>(t, LOANS, loan._id)
      if (!current || current.status !== 'onLoan') return false
      const fee = current.waived ? 0 : loanFee(new Date(current.borrowedAt), ctx.now, ctx.config.bookcase).feeFen
      const account = await accountInTransaction(t, current.openid, ctx.now)
      const { deductedFen, unpaidFen } = deductFee(account.balance, fee)
      if (deductedFen > 0) {
        await bookChange(t, account, {
          kind: 'fee',
          amount: -deductedFen,
          ref: current._id,
          note: `图书丢失《${current.title}》`,
          at: ctx.now,
        })
      }
      account.owedFee += unpaidFen
      account.activeLoans = Math.max(0, account.activeLoans - 1)
      await writeInTransaction(t, DEPOSIT_ACCOUNTS, account)
      await writeInTransaction(t, LOANS, {
        ...current,
        status: 'lost',
        openTag: current._id,
        fee,
        feeDeducted: deductedFen,
        feeOwed: unpaidFen,
      })
      const book = await readInTransaction<BookRecord>(t, BOOKS, current.tag)
      if (book && book.loanId === current._id) await writeInTransaction(t, BOOKS, { ...book, status: 'lost' })
      return true
    })
    if (!marked) continue
    lost++
    await notify(ctx, {
      openid: loan.openid,
      kind: 'lost',
      title: '图书按丢失处理',
      body: `《${loan.title}》逾期费用已达押金上限，按丢失处理，押金不予退还`,
      page: LOANS_PAGE,
      key: `lost-${loan._id}`,
    })
  }
  return { lost }
}

/** Admin: a loan's fee is waived — nothing is charged at return, or what was charged goes back. */
export async function waiveFee(ctx: ActionContext, loanId: string, reason: string) {
  const loan = await withTransaction(ctx.db, async (t) => {
    const current = await readInTransaction<LoanRecord>(t, LOANS, loanId)
    if (!current) throw new AppError('NOT_FOUND', '借阅记录不存在')
    if (current.waived) return current
    const account = await accountInTransaction(t, current.openid, ctx.now)
    if (current.feeDeducted > 0) {
      await bookChange(t, account, {
        kind: 'waiver',
        amount: current.feeDeducted,
        ref: current._id,
        note: `减免费用：${reason}`,
        at: ctx.now,
      })
    }
    account.owedFee = Math.max(0, account.owedFee - current.feeOwed)
    await writeInTransaction(t, DEPOSIT_ACCOUNTS, account)
    const waived = { ...current, waived: true, waivedBy: ctx.openid, waivedReason: reason, waivedAt: ctx.now }
    await writeInTransaction(t, LOANS, waived)
    return waived
  })
  ctx.log.info('feeWaived', { by: ctx.openid, loanId, reason })
  return loanView(loan, ctx.now, ctx.config.bookcase)
}

export interface LoanCountDrift {
  openid: string
  activeLoansBefore: number
  activeLoans: number
}

/**
 * Cron: each account's `activeLoans` (what the person sees, and what the loan limit reads) equals its
 * loans on loan; a drift is repaired and reported. Every loan change moves `activeLoans` in the same
 * transaction, so the repair writes only if `activeLoans` is still what was compared.
 */
export async function reconcileLoanCounts(ctx: ActionContext): Promise<{ checked: number; repaired: LoanCountDrift[] }> {
  const onLoan = new Map<string, number>()
  for await (const loan of openLoans(ctx)) onLoan.set(loan.openid, (onLoan.get(loan.openid) ?? 0) + 1)
  const claimed = (
    await readAll(
      ctx.db
        .collection<DepositAccount>(DEPOSIT_ACCOUNTS)
        .where({ activeLoans: ctx._.gt(0) })
        .orderBy('_id', 'asc')
        .field({ _id: true }),
    )
  ).map((account) => account._id)
  const repaired: LoanCountDrift[] = []
  const people = [...new Set([...onLoan.keys(), ...claimed])]
  for (const openid of people) {
    const seen = await findById<DepositAccount>(ctx.db, DEPOSIT_ACCOUNTS, openid)
    if (!seen || seen.activeLoans === (onLoan.get(openid) ?? 0)) continue
    // Counted again after the account was read: a loan that changed since shows in activeLoans below.
    const { total } = await ctx.db.collection(LOANS).where({ openid, status: 'onLoan' }).count()
    if (total === seen.activeLoans) continue
    const fixed = await withTransaction(ctx.db, async (t) => {
      const account = await readInTransaction<DepositAccount>(t, DEPOSIT_ACCOUNTS, openid)
      if (!account || account.activeLoans !== seen.activeLoans) return false
      await writeInTransaction(t, DEPOSIT_ACCOUNTS, { ...account, activeLoans: total, updatedAt: ctx.now })
      return true
    })
    if (!fixed) continue
    const drift = { openid, activeLoansBefore: seen.activeLoans, activeLoans: total }
    ctx.log.error('loanCountDrift', { ...drift })
    repaired.push(drift)
  }
  return { checked: people.length, repaired }
}
