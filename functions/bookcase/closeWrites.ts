/**
 * The writes of a finished door close (closeFinish.ts), each made so that running it again changes
 * nothing twice: loans under fixed ids, accounts and counts marked with the close, books moved only
 * from the state the close saw.
 */
import type { ActionContext } from '../_lib/define'
import { isDuplicateKey } from '../_lib/documents'
import { readAll } from '../_lib/paging'
import { MONTHLY_STATS, cabinetSeed, cabinetStatsId } from '../_lib/counters'
import { dueAt } from '../../domain/bookcase'
import { shanghaiYear } from '../../domain/time'
import { doorId, loanIdOf } from './closePlan'
import {
  BOOKS,
  CABINET_DOORS,
  DEPOSIT_ACCOUNTS,
  DEPOSIT_LEDGER,
  LOANS,
  READING_STATS,
  type DepositAccount,
  type DoorClose,
  type LedgerEntry,
  type LoanRecord,
} from './records'

/** Closes remembered on an account or a reading count, and on a cabinet's loan counter. */
const MARKS_KEPT = 50
const CABINET_MARKS_KEPT = 200

export function ignoreDuplicate(error: unknown): void {
  if (!isDuplicateKey(error)) throw error
}

export async function readAccounts(ctx: ActionContext, openids: string[]): Promise<Map<string, DepositAccount>> {
  if (openids.length === 0) return new Map()
  const query = ctx.db.collection<DepositAccount>(DEPOSIT_ACCOUNTS).where({ _id: ctx._.in(openids) })
  return new Map((await readAll(query.orderBy('_id', 'asc'))).map((account) => [account._id, account]))
}

/**
 * Writes a loan as this close wants it: made under its fixed id, or closed while on loan (or again,
 * by this close, with another split of its fee). False: the loan was closed by something else.
 */
export async function writeLoan(
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
export async function settleAccount(
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
export async function bookFee(ctx: ActionContext, loan: LoanRecord): Promise<void> {
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
export async function moveBooks(ctx: ActionContext, cabinetId: string, doorNumber: number, close: DoorClose, made: LoanRecord[]) {
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
export async function countLoans(
  ctx: ActionContext,
  cabinetId: string,
  close: DoorClose,
  loans: number,
  loanYear: number | null,
  at: Date,
) {
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

export function newLoan(ctx: ActionContext, close: DoorClose, book: DoorClose['taken'][number], cabinetId: string, at: Date): LoanRecord {
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
export function closedLoan(
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
