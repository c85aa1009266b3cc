/**
 * Finishing a committed door close from the plan kept on the door (doorClose.ts): the loans, their
 * accounts and fees, the books, the counts, the alerts and the session, each written so that doing it
 * again (a repeat of the event after a fault) changes nothing twice.
 */
import type { ActionContext } from '../_lib/define'
import { findById } from '../_lib/documents'
import { notify } from '../_lib/notify'
import { readAll } from '../_lib/paging'
import { ContentionError } from '../_lib/transaction'
import { daysKept, deductFee, loanFee, overLimitFlags } from '../../domain/bookcase'
import { formatYuanCn } from '../../domain/money'
import { shanghaiYear } from '../../domain/time'
import { raiseAlert } from './alerts'
import { loanIdOf, type ClosingSession } from './closePlan'
import { emptyAccount } from './deposit'
import { DEPOSIT_ACCOUNTS, DOOR_SESSIONS, LOANS, type DoorClose, type LoanRecord, type SessionOutcome, type SessionRecord } from './records'
import { bookFee, closedLoan, countLoans, ignoreDuplicate, moveBooks, newLoan, readAccounts, settleAccount, writeLoan } from './closeWrites'

const MAX_ATTEMPTS = 5

/** Finishes a committed close from its plan; every step may run again and changes nothing twice. */
export async function finishClose(
  ctx: ActionContext,
  cabinetId: string,
  doorNumber: number,
  close: DoorClose,
  session: ClosingSession | null,
  repeat: boolean,
): Promise<void> {
  const _ = ctx._
  const at = new Date(close.at)
  if (repeat && close.sessionId) {
    const closed = await findById<SessionRecord>(ctx.db, DOOR_SESSIONS, close.sessionId)
    if (closed?.closeEvent === close.eventKey) return
  }
  const loanIds = [...close.taken.map((book) => loanIdOf(close.sessionId!, book.tag)), ...close.returned.map((loan) => loan.loanId)]
  const current = new Map<string, LoanRecord>()
  if (repeat && loanIds.length > 0)
    for (const loan of await readAll(
      ctx.db
        .collection<LoanRecord>(LOANS)
        .where({ _id: _.in(loanIds) })
        .orderBy('_id', 'asc'),
    ))
      current.set(loan._id, loan)

  const borrowed = close.taken.map((book) => newLoan(ctx, close, book, cabinetId, at))
  const returned = close.returned.flatMap((loan) => {
    const now = current.get(loan.loanId)
    // Closed meanwhile by something else (marked lost, returned elsewhere): not this close's return.
    if (now && now.status !== 'onLoan' && now.closedBy !== close.eventKey) return []
    const returnedAt = new Date(Math.max(at.getTime(), new Date(loan.borrowedAt).getTime()))
    const fee = loan.waived ? 0 : loanFee(new Date(loan.borrowedAt), returnedAt, ctx.config.bookcase).feeFen
    return [{ plan: loan, returnedAt, fee }]
  })

  const people = [...new Set([...(close.openid && borrowed.length > 0 ? [close.openid] : []), ...returned.map((r) => r.plan.openid)])]
  const hint = session && session.openid === close.openid ? session.activeLoans : null
  // Read only what cannot be expected: the books on loan come with the claim; a borrower's balance is
  // expected to be the full deposit (needed to borrow, only returns take from it). A wrong guess fails
  // the conditional update below, and the account is read then.
  const mustRead = people.filter((openid) => openid === close.openid && borrowed.length > 0 && hint === null)
  let known = await readAccounts(ctx, repeat ? people : mustRead)
  const applied = new Set(people.filter((openid) => known.get(openid)?.closes?.includes(close.eventKey)))

  /** the loans as written by this close (what their accounts were settled on) */
  const settledLoans = new Map<string, LoanRecord>()
  for (let attempt = 1; ; attempt++) {
    const stale: string[] = []
    for (const openid of people) {
      if (applied.has(openid)) continue
      const account = known.get(openid) ?? null
      // 超额 by the books on loan before this close (as the claim saw them, or as read after a miss).
      const flags = overLimitFlags(account?.activeLoans ?? hint ?? 0, borrowed.length, ctx.config.bookcase)
      const mine = openid === close.openid ? borrowed.map((loan, i) => ({ ...loan, overLimit: flags[i] })) : []
      const expected = account?.balance ?? ctx.config.bookcase.depositFen
      let balance = expected
      const back = returned.filter((r) => r.plan.openid === openid)
      const closedLoans = back.map((r) => {
        const { deductedFen, unpaidFen } = deductFee(balance, r.fee)
        balance -= deductedFen
        return closedLoan(r.plan, r.returnedAt, cabinetId, close.eventKey, r.fee, deductedFen, unpaidFen, balance)
      })
      for (const loan of mine) await writeLoan(ctx, loan, settledLoans, current, close.eventKey)
      const ours: LoanRecord[] = []
      for (const loan of closedLoans) if (await writeLoan(ctx, loan, settledLoans, current, close.eventKey)) ours.push(loan)
      const ok = await settleAccount(ctx, openid, close, {
        activeLoans: account?.activeLoans ?? hint,
        balance: back.some((r) => r.fee > 0) ? expected : null,
        taken: mine.length,
        returned: ours,
        year: shanghaiYear(at),
      })
      if (!ok) stale.push(openid)
    }
    if (stale.length === 0) break
    if (attempt >= MAX_ATTEMPTS) throw new ContentionError()
    const fresh = await readAccounts(ctx, stale)
    for (const openid of stale) {
      const account = fresh.get(openid)
      if (account?.closes?.includes(close.eventKey)) applied.add(openid)
      else if (!account)
        await ctx.db
          .collection(DEPOSIT_ACCOUNTS)
          .add({ data: emptyAccount(openid, ctx.now) })
          .catch(ignoreDuplicate)
    }
    known = new Map([...known, ...fresh])
  }

  // The loans as they now stand (values written before their account took them).
  const loansNow = async (ids: string[]) => {
    const missing = ids.filter((id) => !settledLoans.has(id))
    if (missing.length > 0)
      for (const loan of await readAll(
        ctx.db
          .collection<LoanRecord>(LOANS)
          .where({ _id: _.in(missing) })
          .orderBy('_id', 'asc'),
      ))
        settledLoans.set(loan._id, loan)
    return ids.flatMap((id) => settledLoans.get(id) ?? [])
  }
  const made = await loansNow(borrowed.map((loan) => loan._id))
  const closedNow = (await loansNow(returned.map((r) => r.plan.loanId))).filter((loan) => loan.closedBy === close.eventKey)

  for (const loan of closedNow) if (loan.feeDeducted > 0) await bookFee(ctx, loan)
  await moveBooks(ctx, cabinetId, doorNumber, close, made)
  if (close.openid && made.length > 0) await countLoans(ctx, cabinetId, close, made.length, session?.loanYear ?? null, at)
  for (const alert of close.alerts) await raiseAlert(ctx, close.eventKey, alert)
  for (const loan of made.filter((one) => one.overLimit))
    await raiseAlert(ctx, close.eventKey, {
      kind: 'overLimit',
      cabinetId,
      door: doorNumber,
      tag: loan.tag,
      openid: loan.openid,
      note: `超额借阅：《${loan.title}》`,
      at,
    })

  const outcome: SessionOutcome = {
    borrowed: made.map((loan) => ({ loanId: loan._id, tag: loan.tag, title: loan.title, dueAt: loan.dueAt, overLimit: loan.overLimit })),
    returned: closedNow.map((loan) => ({
      loanId: loan._id,
      tag: loan.tag,
      title: loan.title,
      days: daysKept(new Date(loan.borrowedAt), new Date(loan.returnedAt!)),
      fee: loan.fee,
      borrower: loan.openid,
    })),
  }
  // Notices before the session closes: a closed session means everything was done.
  for (const loan of outcome.returned) {
    await notify(ctx, {
      openid: loan.borrower,
      kind: 'returned',
      title: '还书成功',
      body: `《${loan.title}》已归还，借阅 ${loan.days} 天，${loan.fee > 0 ? `逾期费 ${formatYuanCn(loan.fee)}` : '未产生逾期费'}`,
      page: '/packages/bookcase/pages/loans/index',
      key: `returned-${loan.loanId}`,
      templateData: { thing1: loan.title.slice(0, 20), number2: String(loan.days), amount3: formatYuanCn(loan.fee) },
    })
  }
  if (close.sessionId)
    await ctx.db
      .collection(DOOR_SESSIONS)
      .where({ _id: close.sessionId, status: _.neq('closed') })
      .update({ data: { status: 'closed', closedAt: at, outcome: _.set(outcome), closeEvent: close.eventKey } })
}
