/**
 * A cabinet's doorClosed, in a handful of DB requests and no transaction (issue 13: ≤ 10 with one book,
 * ≤ 3 more per book). What the close means is read in one query per collection and decided at once
 * (closePlan.ts); then the door is written with its new contents and that plan in ONE conditional
 * update — only over the door as it was read, so two closes (or one delivered twice at once) never
 * both apply, and the loser reads the door again. Everything after that is finished from the plan, each
 * write changing a document only once:
 * - a loan is added under its fixed id (`session-tag`); a returned loan changes only while on loan;
 * - a book changes only while it is as the close saw it;
 * - an account, a reading count or a cabinet counter takes the close's increments only if the close
 *   is not among its latest `closes` (the same update appends it);
 * - a session closes once, last: a closed session says the close was finished.
 * A fault between these writes leaves the plan on the door: the cabinet sends the event again (it does
 * until answered), the repeat finds the plan and finishes it, so no loan is made or lost twice.
 */
import type { ActionContext } from '../_lib/define'
import { isDuplicateKey, findById } from '../_lib/documents'
import { notify } from '../_lib/notify'
import { readAll } from '../_lib/paging'
import { ContentionError } from '../_lib/transaction'
import { MONTHLY_STATS, cabinetSeed, cabinetStatsId } from '../_lib/counters'
import { daysKept, deductFee, diffDoorTags, dueAt, loanFee, overLimitFlags } from '../../domain/bookcase'
import { formatYuanCn } from '../../domain/money'
import { shanghaiYear } from '../../domain/time'
import { raiseAlert } from './alerts'
import { clockAlert, clockProblem, type DoorClosedEvent, type EventAnswer } from './cabinetClock'
import { planClose, tagsToRead, type ClosedDoor, type ClosingSession } from './closePlan'
import { emptyAccount } from './deposit'
import {
  BOOKS,
  CABINET_DOORS,
  DEPOSIT_ACCOUNTS,
  DEPOSIT_LEDGER,
  DOOR_SESSIONS,
  LOANS,
  READING_STATS,
  type BookRecord,
  type DepositAccount,
  type DoorClose,
  type DoorRecord,
  type LedgerEntry,
  type LoanRecord,
  type SessionOutcome,
  type SessionRecord,
} from './records'

/** Closes kept on a door (a repeat older than these is older than the door's last close: stale). */
const CLOSES_KEPT = 5
/** Closes remembered on an account or a reading count, and on a cabinet's loan counter. */
const MARKS_KEPT = 50
const CABINET_MARKS_KEPT = 200
const MAX_ATTEMPTS = 5

export const doorId = (cabinetId: string, door: number) => `${cabinetId}-${door}`
export const loanIdOf = (sessionId: string, tag: string) => `${sessionId}-${tag}`

export async function closeDoor(
  ctx: ActionContext,
  cabinetId: string,
  event: DoorClosedEvent,
): Promise<EventAnswer & { duplicate: boolean }> {
  const eventKey = `${cabinetId}-${event.eventId}`
  const ignored = (why: string) => ({ eventId: event.eventId, type: event.type, result: { ignored: why }, duplicate: false })
  for (let attempt = 1; ; attempt++) {
    const door = await findById<DoorRecord>(ctx.db, CABINET_DOORS, doorId(cabinetId, event.door))
    if (!door) return ignored('unknownDoor')
    const earlier = door.closes?.find((close) => close.eventKey === eventKey)
    if (earlier) {
      await finishClose(ctx, cabinetId, door.door, earlier, null, true)
      return { ...earlier.answer, duplicate: true }
    }
    const found = await closingSession(ctx, cabinetId, door, event.commandId)
    const problem = clockProblem(event.at, ctx.now, found.createdAt)
    const at = problem ? ctx.now : event.at
    if (problem) await raiseAlert(ctx, eventKey, clockAlert(cabinetId, event, problem, ctx.now))
    const closedBefore = door.lastClosedAt && at.getTime() < new Date(door.lastClosedAt).getTime()
    if (closedBefore || found.namedClosed) {
      // Its tags describe the door as it was then: applying them now would invent loans and returns.
      await raiseAlert(ctx, eventKey, {
        kind: 'staleEvent',
        cabinetId,
        door: event.door,
        tag: null,
        openid: null,
        note: closedBefore ? '收到早于柜门上次关闭的关门事件，未处理' : '收到已结束开门会话的关门事件，未处理',
        at: ctx.now,
      })
      return ignored('stale')
    }
    const planned = await planFromReads(ctx, cabinetId, eventKey, event, door, at, found.session)
    if (await commitClose(ctx, door, planned)) {
      await finishClose(ctx, cabinetId, door.door, planned.close, found.session, false)
      return { ...planned.close.answer, duplicate: false }
    }
    // Another close (or this one delivered twice) changed the door since it was read.
    if (attempt >= MAX_ATTEMPTS) throw new ContentionError()
  }
}

/**
 * The session a close counts for: the one its command names, else the door's own if still running.
 * The door's claim carries its owner, so a close naming it reads no session.
 */
async function closingSession(ctx: ActionContext, cabinetId: string, door: DoorRecord, commandId: string | undefined) {
  const none = { namedClosed: false, createdAt: null as Date | null, session: null as ClosingSession | null }
  const id = commandId ?? door.sessionId
  if (!id) return none
  if (door.closes?.some((close) => close.sessionId === id)) return { ...none, namedClosed: Boolean(commandId) }
  const holder = door.holder
  if (commandId && holder?.sessionId === id)
    return {
      ...none,
      createdAt: holder.createdAt,
      session: { id, openid: holder.openid, activeLoans: holder.activeLoans, loanYear: holder.loanYear },
    }
  const session = await findById<SessionRecord>(ctx.db, DOOR_SESSIONS, id)
  if (!session) return none
  const createdAt = commandId && session.cabinetId === cabinetId ? session.createdAt : null
  if (session.status === 'closed') return { ...none, namedClosed: Boolean(commandId), createdAt }
  const counts =
    session.cabinetId === cabinetId &&
    session.door === door.door &&
    // Without a command id only a session that saw its door open (or was still waiting for it) counts.
    (Boolean(commandId) || session.status === 'open' || session.status === 'opening')
  return { ...none, createdAt, session: counts ? { id, openid: session.openid, activeLoans: null, loanYear: null } : null }
}

/** One query per collection: the open loans of the books that came back, then the books that still need a look. */
async function planFromReads(
  ctx: ActionContext,
  cabinetId: string,
  eventKey: string,
  event: DoorClosedEvent,
  door: DoorRecord,
  at: Date,
  session: ClosingSession | null,
): Promise<ClosedDoor> {
  const _ = ctx._
  const { arrived } = diffDoorTags([...door.tags, ...door.unknownTags], event.tags)
  const openLoans = new Map<string, LoanRecord>()
  if (arrived.length > 0) {
    const loans = ctx.db.collection<LoanRecord>(LOANS).where({ openTag: _.in(arrived), status: 'onLoan' })
    for (const loan of await readAll(loans.orderBy('_id', 'asc'))) openLoans.set(loan.tag, loan)
  }
  const need = tagsToRead(door, event.tags, new Set(openLoans.keys()))
  const tags = [...need.taken, ...need.arrived]
  const books = new Map<string, BookRecord>()
  if (tags.length > 0) {
    const query = ctx.db.collection<BookRecord>(BOOKS).where({ _id: _.in(tags) })
    for (const book of await readAll(query.orderBy('_id', 'asc'))) books.set(book._id, book)
  }
  return planClose({ cabinetId, eventKey, eventId: event.eventId, door, tags: event.tags, at, session, books, openLoans })
}

/** The door's new contents and the plan, written only over the door as it was read. */
async function commitClose(ctx: ActionContext, door: DoorRecord, planned: ClosedDoor): Promise<boolean> {
  const _ = ctx._
  const { stats } = await ctx.db
    .collection(CABINET_DOORS)
    .where({
      _id: door._id,
      tags: door.tags,
      unknownTags: door.unknownTags,
      open: door.open,
      sessionId: door.sessionId ?? null,
      closeSeq: door.closeSeq ?? null,
      lastClosedAt: door.lastClosedAt ?? null,
    })
    .update({
      data: {
        tags: planned.tags,
        unknownTags: planned.unknownTags,
        open: false,
        lastClosedAt: planned.close.at,
        ...(planned.freed ? { heldUntil: planned.close.at } : {}),
        closeSeq: _.inc(1),
        closes: _.push({ each: [planned.close], slice: -CLOSES_KEPT }),
      },
    })
  return stats.updated === 1
}

/** A loan this close settles: made (borrowed) or closed (returned), with what it changes on its account. */
interface Settled {
  loan: LoanRecord
  /** already written as this close wants it (found so when finishing again) */
  written: boolean
}

/** Finishes a committed close from its plan; every step may run again and changes nothing twice. */
async function finishClose(
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

  const settledLoans = new Map<string, Settled>()
  for (let attempt = 1; ; attempt++) {
    const stale: string[] = []
    for (const openid of people) {
      if (applied.has(openid)) continue
      const account = known.get(openid) ?? null
      const mine = openid === close.openid ? borrowed : []
      const base = account?.activeLoans ?? hint ?? 0
      const flags = overLimitFlags(base, mine.length, ctx.config.bookcase)
      mine.forEach((loan, i) => (loan.overLimit = flags[i]))
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
        settledLoans.set(loan._id, { loan, written: true })
    return ids.flatMap((id) => settledLoans.get(id)?.loan ?? [])
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
  settled: Map<string, Settled>,
  current: Map<string, LoanRecord>,
  eventKey: string,
): Promise<boolean> {
  const before = settled.get(loan._id)?.loan ?? current.get(loan._id)
  if (before && sameLoan(before, loan)) {
    settled.set(loan._id, { loan: before, written: true })
    return true
  }
  const { _id, ...fields } = loan
  if (loan.status === 'onLoan') {
    if (!before) {
      try {
        await ctx.db.collection(LOANS).add({ data: loan })
        settled.set(_id, { loan, written: true })
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
    settled.set(_id, { loan, written: true })
    return true
  }
  const again = before?.closedBy === eventKey
  const { stats } = await ctx.db
    .collection(LOANS)
    .where(again ? { _id, closedBy: eventKey } : { _id, status: 'onLoan' })
    .update({ data: fields })
  if (stats.updated === 0 && !again) return false
  settled.set(_id, { loan, written: true })
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
