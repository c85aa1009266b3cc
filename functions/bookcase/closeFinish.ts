/**
 * Finishing a committed door close from the plan kept on the door (doorClose.ts): the loans, their
 * accounts and fees, the books, the counts, the alerts and the session, each written so that doing it
 * again (a repeat of the event after a fault) changes nothing twice.
 */
import type { ActionContext } from '../_lib/define'
import { isDuplicateKey, findById } from '../_lib/documents'
import { notify } from '../_lib/notify'
import { readAll } from '../_lib/paging'
import { ContentionError } from '../_lib/transaction'
import { MONTHLY_STATS, cabinetSeed, cabinetStatsId } from '../_lib/counters'
import { daysKept, deductFee, dueAt, loanFee, overLimitFlags } from '../../domain/bookcase'
import { formatYuanCn } from '../../domain/money'
import { shanghaiYear } from '../../domain/time'
import { raiseAlert } from './alerts'
import { doorId, loanIdOf, type ClosingSession } from './closePlan'
import { emptyAccount } from './deposit'
import {
  BOOKS,
  CABINET_DOORS,
  DEPOSIT_ACCOUNTS,
  DEPOSIT_LEDGER,
  DOOR_SESSIONS,
  LOANS,
  READING_STATS,
  type DepositAccount,
  type DoorClose,
  type LedgerEntry,
  type LoanRecord,
  type SessionOutcome,
  type SessionRecord,
} from './records'

/** Closes remembered on an account or a reading count, and on a cabinet's loan counter. */
const MARKS_KEPT = 50
const CABINET_MARKS_KEPT = 200
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

function ignoreDuplicate(error: unknown): void {
  if (!isDuplicateKey(error)) throw error
}

async function readAccounts(ctx: ActionContext, openids: string[]): Promise<Map<string, DepositAccount>> {
  if (openids.length === 0) return new Map()
  const query = ctx.db.collection<DepositAccount>(DEPOSIT_ACCOUNTS).where({ _id: ctx._.in(openids) })
  return new Map((await readAll(query.orderBy('_id', 'asc'))).map((account) => [account._id, account]))
}

/**
 * Writes a loan as this close wants it: made under its fixed id, or closed while on loan (or again,
 * by this close, with another split of its fee). False: the loan was closed by something else.
 */
async function writeLoan(
  ctx: ActionContext,
  loan: LoanRecord,
  settled: Map<string, LoanRecord>,
  current: Map<string, LoanRecord>,
  eventKey: string,
): Promise<boolean> {
  const before = settled.get(loan._id) ?? current.get(loan._id)
  if (before && sameLoan(before, loan)) {
    settled.set(loan._id, before)
    return true
  }
  const { _id, ...fields } = loan
  if (loan.status === 'onLoan') {
    if (!before) {
      try {
        await ctx.db.collection(LOANS).add({ data: loan })
        settled.set(_id, loan)
        return true
      } catch (error) {
        ignoreDuplicate(error)
      }
    }
    // Made before (a repeat, or another try of this close with other 超额 flags).
    await ctx.db
      .collection(LOANS)
      .doc(_id)
      .update({ data: { overLimit: loan.overLimit } })
    settled.set(_id, loan)
    return true
  }
  const again = before?.closedBy === eventKey
  const { stats } = await ctx.db
    .collection(LOANS)
    .where(again ? { _id, closedBy: eventKey } : { _id, status: 'onLoan' })
    .update({ data: fields })
  if (stats.updated === 0 && !again) return false
  settled.set(_id, loan)
  return true
}

const sameLoan = (a: LoanRecord, b: LoanRecord) =>
  a.status === b.status &&
  a.overLimit === b.overLimit &&
  a.feeDeducted === b.feeDeducted &&
  a.feeOwed === b.feeOwed &&
  a.closedBy === b.closedBy &&
  a.balanceAfter === b.balanceAfter

/**
 * The close's changes to one account, taken only if this close is not among its latest and the
 * numbers the loans were decided on (loans on loan for 超额, the balance for a fee) still hold.
 */
async function settleAccount(
  ctx: ActionContext,
  openid: string,
  close: DoorClose,
  change: { activeLoans: number | null; balance: number | null; taken: number; returned: LoanRecord[]; year: number },
): Promise<boolean> {
  const _ = ctx._
  const deducted = change.returned.reduce((sum, loan) => sum + loan.feeDeducted, 0)
  const owed = change.returned.reduce((sum, loan) => sum + loan.feeOwed, 0)
  const where: Record<string, unknown> = { _id: openid, closes: _.neq(close.eventKey) }
  if (change.taken > 0) where.activeLoans = change.activeLoans ?? 0
  if (change.balance !== null) where.balance = change.balance
  const data: Record<string, unknown> = {
    activeLoans: _.inc(change.taken - change.returned.length),
    updatedAt: ctx.now,
    closes: _.push({ each: [close.eventKey], slice: -MARKS_KEPT }),
  }
  if (change.taken > 0) Object.assign(data, { totalLoans: _.inc(change.taken), loanYear: change.year })
  if (deducted > 0) data.balance = _.inc(-deducted)
  if (owed > 0) data.owedFee = _.inc(owed)
  const { stats } = await ctx.db.collection(DEPOSIT_ACCOUNTS).where(where).update({ data })
  return stats.updated === 1
}

/** The ledger entry of a fee taken at a return (its id makes it once). */
async function bookFee(ctx: ActionContext, loan: LoanRecord): Promise<void> {
  const entry: LedgerEntry = {
    _id: `fee-${loan._id}`,
    openid: loan.openid,
    kind: 'fee',
    amount: -loan.feeDeducted,
    balanceAfter: loan.balanceAfter ?? 0,
    ref: loan._id,
    note: `逾期费用《${loan.title}》`,
    at: ctx.now,
  }
  await ctx.db.collection(DEPOSIT_LEDGER).add({ data: entry }).catch(ignoreDuplicate)
}

/** Books follow the close: taken ones are on loan, those that came are on this shelf, those gone without a session missing. */
async function moveBooks(ctx: ActionContext, cabinetId: string, doorNumber: number, close: DoorClose, made: LoanRecord[]) {
  const _ = ctx._
  const books = ctx.db.collection(BOOKS)
  for (const loan of made)
    await books
      .where({ _id: loan.tag, status: 'shelved', cabinetId, door: doorNumber })
      .update({ data: { status: 'onLoan', cabinetId: null, door: null, loanId: loan._id } })
  const asSeen = (states: DoorClose['shelve']) => (states.length === 1 ? states[0] : _.or(states))
  if (close.shelve.length > 0)
    await books.where(asSeen(close.shelve)).update({ data: { status: 'shelved', cabinetId, door: doorNumber, loanId: null } })
  if (close.missing.length > 0)
    await books.where(asSeen(close.missing)).update({ data: { status: 'missing', cabinetId: null, door: null } })
  for (const { cabinetId: other, door, tag } of close.forget)
    await ctx.db
      .collection(CABINET_DOORS)
      .doc(doorId(other, door))
      .update({ data: { tags: _.pull(tag) } })
}

/** The borrower's reading count of the year and the cabinet's loan counter, each once per close. */
async function countLoans(ctx: ActionContext, cabinetId: string, close: DoorClose, loans: number, loanYear: number | null, at: Date) {
  const year = shanghaiYear(at)
  const openid = close.openid!
  await bumpOnce(ctx, READING_STATS, `${year}-${openid}`, { openid, year }, loans, close.eventKey, MARKS_KEPT, loanYear !== year)
  await bumpOnce(ctx, MONTHLY_STATS, cabinetStatsId(cabinetId), cabinetSeed(cabinetId), loans, close.eventKey, CABINET_MARKS_KEPT, false)
}

/**
 * Adds `loans` to a counter document unless the close is among its latest; creates it when missing
 * (first when it is likely missing: one request either way in the usual case).
 */
async function bumpOnce(
  ctx: ActionContext,
  collection: string,
  id: string,
  seed: Record<string, unknown>,
  loans: number,
  eventKey: string,
  kept: number,
  likelyMissing: boolean,
): Promise<void> {
  const _ = ctx._
  const bump = async () =>
    (
      await ctx.db
        .collection(collection)
        .where({ _id: id, closes: _.neq(eventKey) })
        .update({ data: { loans: _.inc(loans), closes: _.push({ each: [eventKey], slice: -kept }) } })
    ).stats.updated === 1
  const create = async () => {
    try {
      await ctx.db.collection(collection).add({ data: { _id: id, ...seed, loans, closes: [eventKey] } })
      return true
    } catch (error) {
      ignoreDuplicate(error)
      return false
    }
  }
  if (likelyMissing) {
    if (!(await create())) await bump()
  } else if (!(await bump()) && !(await create())) await bump()
}

function newLoan(ctx: ActionContext, close: DoorClose, book: DoorClose['taken'][number], cabinetId: string, at: Date): LoanRecord {
  const loanId = loanIdOf(close.sessionId!, book.tag)
  return {
    _id: loanId,
    openid: close.openid!,
    tag: book.tag,
    title: book.title,
    isbn: book.isbn,
    openTag: book.tag,
    status: 'onLoan',
    borrowedAt: at,
    dueAt: dueAt(at, ctx.config.bookcase),
    borrowCabinetId: cabinetId,
    sessionId: close.sessionId!,
    overLimit: false,
    returnedAt: null,
    returnCabinetId: null,
    fee: 0,
    feeDeducted: 0,
    feeOwed: 0,
    waived: false,
    year: shanghaiYear(at),
    remindedOn: null,
  }
}

/** The returned state of a loan: the fee by the domain rule, the part the deposit covered and the part owed. */
function closedLoan(
  plan: DoorClose['returned'][number],
  returnedAt: Date,
  cabinetId: string,
  eventKey: string,
  fee: number,
  feeDeducted: number,
  feeOwed: number,
  balanceAfter: number,
): LoanRecord {
  return {
    _id: plan.loanId,
    openid: plan.openid,
    tag: plan.tag,
    title: plan.title,
    borrowedAt: plan.borrowedAt,
    status: 'returned',
    openTag: plan.loanId,
    returnedAt,
    returnCabinetId: cabinetId,
    fee,
    feeDeducted,
    feeOwed,
    closedBy: eventKey,
    balanceAfter,
  } as LoanRecord
}
