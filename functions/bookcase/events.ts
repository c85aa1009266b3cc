/**
 * What the cloud does with a cabinet's event (CONTRACT.md, cabinet protocol). Each event is applied in
 * one transaction together with its `cabinetEvents` record, so an event delivered twice, or twice at
 * once, has one effect and the second delivery gets the first answer. Loan and return times are the
 * cabinet's `at`, never the time of processing: a cabinet that delivers a day of queued events late
 * produces the same loans and fees.
 *
 * Defined outcomes of faults:
 * - a tag nobody registered: kept as an unknown tag of the door, an alert for the admin, no loan;
 * - a door closed with no session (or a registered book leaving without one): the book is marked
 *   missing with an alert, never silently lost; a book arriving is a return whoever put it in;
 * - a door left open past its 2 minutes: the session stays the owner's until the cabinet reports the
 *   close; what left the door then is the owner's loan (the cron reminds the owner to close it);
 * - an open command refused or never answered: the session fails or expires and the door is free;
 *   a late doorOpened/doorClosed that names the command still counts for its owner;
 * - a book returned after it was marked lost: back on the shelf; the lost loan keeps its fee;
 * - a cabinet clock out of bounds (an `at` outside 2000–2100, later than its receipt beyond the skew,
 *   or before its door session was opened): the receive time counts and admins get a clockWrong alert;
 * - late or repeated events: a doorOpened never reopens a closed session, nor a door closed after the
 *   time it reports; a doorClosed older than the door's last close, or naming a closed session, changes
 *   nothing (a staleEvent alert says so).
 */
import type { ActionContext } from '../_lib/define'
import { notify } from '../_lib/notify'
import type { Transaction, TransactionCollection } from '../_lib/sdk'
import { withTransaction } from '../_lib/transaction'
import { MONTHLY_STATS, bumpCountersInTransaction, cabinetSeed, cabinetStatsId, ensureCounter } from '../_lib/counters'
import { daysKept, deductFee, diffDoorTags, dueAt, loanFee, overLimitFlags } from '../../domain/bookcase'
import { formatYuanCn } from '../../domain/money'
import { MINUTE_MS, shanghaiYear } from '../../domain/time'
import { isSaneInstant } from '../_lib/schema'
import { accountInTransaction, bookChange } from './deposit'
import { readInTransaction, writeInTransaction } from '../_lib/documents'
import {
  BOOKCASE_ALERTS,
  BOOKS,
  CABINET_DOORS,
  CABINET_EVENTS,
  DEPOSIT_ACCOUNTS,
  DOOR_SESSIONS,
  LOANS,
  READING_STATS,
  type BookRecord,
  type DoorRecord,
  type LoanRecord,
  type ReadingStat,
  type SessionOutcome,
  type SessionRecord,
} from './records'

export type CabinetEvent =
  | { type: 'heartbeat'; eventId: string; at: Date; doors: { door: number; closed: boolean; tags: string[] }[] }
  | { type: 'doorOpened'; eventId: string; at: Date; commandId: string; door: number }
  | { type: 'openFailed'; eventId: string; at: Date; commandId: string; door: number; reason: string }
  | { type: 'doorClosed'; eventId: string; at: Date; commandId?: string; door: number; tags: string[] }

export interface EventAnswer {
  eventId: string
  type: CabinetEvent['type']
  /** What the event did, for the cabinet's log and for tests. */
  result: Record<string, unknown>
}

interface EventRecord {
  _id: string
  cabinetId: string
  eventId: string
  type: string
  at: Date
  /** the cabinet's own `at` (ms) when it was not trusted */
  reportedAt: number | null
  receivedAt: Date
  answer: EventAnswer
}

export type AlertKind = 'unknownTag' | 'missingBook' | 'bookMoved' | 'overLimit' | 'lateOpen' | 'lostReturned' | 'clockWrong' | 'staleEvent'

/** How far a cabinet's clock may run ahead of the cloud's, or behind a session's opening. */
export const CLOCK_SKEW_MS = 5 * MINUTE_MS

/**
 * Why a cabinet's `at` cannot be used, or null when it can: outside any sane date, later than its
 * receipt beyond the skew, or before the door session it belongs to was opened.
 */
export function clockProblem(at: Date, receivedAt: Date, sessionOpenedAt: Date | null): string | null {
  const ms = at.getTime()
  if (!isSaneInstant(ms)) return '不是合理的日期'
  if (ms > receivedAt.getTime() + CLOCK_SKEW_MS) return '晚于云端收到事件的时间'
  if (sessionOpenedAt && ms < new Date(sessionOpenedAt).getTime() - CLOCK_SKEW_MS) return '早于本次开门'
  return null
}

function describeReported(at: Date): string {
  return isSaneInstant(at.getTime()) ? at.toISOString() : String(at.getTime())
}

export interface AlertRecord {
  _id: string
  kind: AlertKind
  cabinetId: string | null
  door: number | null
  tag: string | null
  openid: string | null
  note: string
  at: Date
  resolved: boolean
}

export const doorId = (cabinetId: string, door: number) => `${cabinetId}-${door}`

async function raiseAlert(t: Transaction, eventKey: string, alert: Omit<AlertRecord, '_id' | 'resolved'>): Promise<void> {
  await t.collection(BOOKCASE_ALERTS).add({ data: { _id: `${eventKey}-${alert.kind}-${alert.tag ?? ''}`, ...alert, resolved: false } })
}

/**
 * The transaction, with each document of `collections` read from the database once until it is
 * written: the event's session is looked at from several places, and each read is a billed request.
 */
function rememberReads(t: Transaction, collections: string[]): Transaction {
  const read = new Map<string, Promise<{ data: any }>>()
  return {
    commit: () => t.commit(),
    rollback: (reason?: unknown) => t.rollback(reason),
    collection<T>(name: string) {
      const c = t.collection<T>(name)
      if (!collections.includes(name)) return c
      return {
        add: (options) => c.add(options),
        doc(id: string) {
          const d = c.doc(id)
          const key = `${name}/${id}`
          const written = <R>(write: () => Promise<R>) => {
            read.delete(key)
            return write()
          }
          return {
            get: () => (read.get(key) ?? read.set(key, d.get()).get(key)!) as ReturnType<typeof d.get>,
            set: (options) => written(() => d.set(options)),
            update: (options) => written(() => d.update(options)),
            remove: () => written(() => d.remove()),
          }
        },
      } as TransactionCollection<T>
    },
  }
}

interface ReturnNotice {
  openid: string
  loanId: string
  title: string
  days: number
  fee: number
}

/** Applies one authenticated event of `cabinetId`; a repeated eventId answers as before and changes nothing. */
export async function applyCabinetEvent(
  ctx: ActionContext,
  cabinetId: string,
  event: CabinetEvent,
): Promise<EventAnswer & { duplicate: boolean }> {
  // A heartbeat changes nothing but the cabinet's last-seen time (set by the gateway): nothing to dedupe or keep.
  if (event.type === 'heartbeat')
    return { eventId: event.eventId, type: event.type, result: { doors: event.doors.length }, duplicate: false }
  const eventKey = `${cabinetId}-${event.eventId}`
  const notices: ReturnNotice[] = []
  // The loans counter is bumped inside the transaction, where it cannot be created.
  if (event.type === 'doorClosed') await ensureCounter(ctx, MONTHLY_STATS, cabinetStatsId(cabinetId), cabinetSeed(cabinetId))
  const outcome = await withTransaction(ctx.db, async (raw) => {
    const t = rememberReads(raw, [DOOR_SESSIONS])
    notices.length = 0
    const seen = await readInTransaction<EventRecord>(t, CABINET_EVENTS, eventKey)
    if (seen) return { answer: seen.answer, duplicate: true }
    const session =
      'commandId' in event && event.commandId ? await readInTransaction<SessionRecord>(t, DOOR_SESSIONS, event.commandId) : null
    const problem = clockProblem(event.at, ctx.now, session?.cabinetId === cabinetId ? session.createdAt : null)
    const at = problem ? ctx.now : event.at
    if (problem) {
      await raiseAlert(t, eventKey, {
        kind: 'clockWrong',
        cabinetId,
        door: event.door,
        tag: null,
        openid: null,
        note: `书柜时钟异常：事件时间 ${describeReported(event.at)} ${problem}，已按收到的时间处理`,
        at: ctx.now,
      })
    }
    const result = await applyInTransaction(ctx, t, cabinetId, eventKey, { ...event, at }, notices)
    const answer: EventAnswer = { eventId: event.eventId, type: event.type, result }
    const record: EventRecord = {
      _id: eventKey,
      cabinetId,
      eventId: event.eventId,
      type: event.type,
      at,
      reportedAt: problem && Number.isFinite(event.at.getTime()) ? event.at.getTime() : null,
      receivedAt: ctx.now,
      answer,
    }
    await writeInTransaction(t, CABINET_EVENTS, record)
    return { answer, duplicate: false }
  })
  for (const notice of notices) {
    await notify(ctx, {
      openid: notice.openid,
      kind: 'returned',
      title: '还书成功',
      body: `《${notice.title}》已归还，借阅 ${notice.days} 天，${notice.fee > 0 ? `逾期费 ${formatYuanCn(notice.fee)}` : '未产生逾期费'}`,
      page: '/packages/bookcase/pages/loans/index',
      key: `returned-${notice.loanId}`,
      templateData: { thing1: notice.title.slice(0, 20), number2: String(notice.days), amount3: formatYuanCn(notice.fee) },
    })
  }
  return { ...outcome.answer, duplicate: outcome.duplicate }
}

function applyInTransaction(
  ctx: ActionContext,
  t: Transaction,
  cabinetId: string,
  eventKey: string,
  event: CabinetEvent,
  notices: ReturnNotice[],
): Promise<Record<string, unknown>> {
  switch (event.type) {
    case 'heartbeat':
      return Promise.resolve({})
    case 'doorOpened':
      return doorOpened(t, cabinetId, eventKey, event)
    case 'openFailed':
      return openFailed(t, cabinetId, event)
    case 'doorClosed':
      return doorClosed(ctx, t, cabinetId, eventKey, event, notices)
  }
}

async function readDoor(t: Transaction, cabinetId: string, door: number): Promise<DoorRecord | null> {
  return readInTransaction<DoorRecord>(t, CABINET_DOORS, doorId(cabinetId, door))
}

async function doorOpened(
  t: Transaction,
  cabinetId: string,
  eventKey: string,
  event: Extract<CabinetEvent, { type: 'doorOpened' }>,
): Promise<Record<string, unknown>> {
  const door = await readDoor(t, cabinetId, event.door)
  if (!door) return { ignored: 'unknownDoor' }
  const session = await readInTransaction<SessionRecord>(t, DOOR_SESSIONS, event.commandId)
  const owned = session && session.cabinetId === cabinetId && session.door === event.door
  // Late: its session already closed, or the door closed after the moment this open reports.
  if (owned && session.status === 'closed') return { ignored: 'sessionClosed' }
  if (door.lastClosedAt && event.at.getTime() <= new Date(door.lastClosedAt).getTime()) return { ignored: 'stale' }
  if (owned) {
    if (session.status !== 'opening') {
      await raiseAlert(t, eventKey, {
        kind: 'lateOpen',
        cabinetId,
        door: event.door,
        tag: null,
        openid: session.openid,
        note: `开门指令回应迟到（会话已${session.status === 'expired' ? '过期' : '失败'}），柜门已打开，取走的图书仍记在开门人名下`,
        at: event.at,
      })
    }
    await writeInTransaction(t, DOOR_SESSIONS, { ...session, status: 'open', openedAt: event.at })
  }
  await writeInTransaction(t, CABINET_DOORS, { ...door, open: true, sessionId: owned ? session._id : door.sessionId })
  return { sessionId: owned ? session._id : null }
}

async function openFailed(
  t: Transaction,
  cabinetId: string,
  event: Extract<CabinetEvent, { type: 'openFailed' }>,
): Promise<Record<string, unknown>> {
  const session = await readInTransaction<SessionRecord>(t, DOOR_SESSIONS, event.commandId)
  if (!session || session.cabinetId !== cabinetId || session.status !== 'opening') return { ignored: 'noOpeningSession' }
  await writeInTransaction(t, DOOR_SESSIONS, { ...session, status: 'failed', failReason: event.reason.slice(0, 100) })
  const door = await readDoor(t, cabinetId, event.door)
  // The door goes back to whoever comes next at once: it never opened.
  if (door && door.sessionId === session._id && !door.open) await writeInTransaction(t, CABINET_DOORS, { ...door, heldUntil: event.at })
  return { sessionId: session._id, status: 'failed' }
}

/** The session a close belongs to: the one its command names, else the door's own if still running. */
async function closingSession(
  t: Transaction,
  cabinetId: string,
  door: DoorRecord,
  commandId: string | undefined,
): Promise<SessionRecord | null> {
  const id = commandId ?? door.sessionId
  if (!id) return null
  const session = await readInTransaction<SessionRecord>(t, DOOR_SESSIONS, id)
  if (!session || session.cabinetId !== cabinetId || session.door !== door.door || session.status === 'closed') return null
  // Without a command id only a session that saw its door open (or was still waiting for it) counts.
  if (!commandId && session.status !== 'open' && session.status !== 'opening') return null
  return session
}

async function doorClosed(
  ctx: ActionContext,
  t: Transaction,
  cabinetId: string,
  eventKey: string,
  event: Extract<CabinetEvent, { type: 'doorClosed' }>,
  notices: ReturnNotice[],
): Promise<Record<string, unknown>> {
  const door = await readDoor(t, cabinetId, event.door)
  if (!door) return { ignored: 'unknownDoor' }
  const named = event.commandId ? await readInTransaction<SessionRecord>(t, DOOR_SESSIONS, event.commandId) : null
  const closedBefore = door.lastClosedAt && event.at.getTime() < new Date(door.lastClosedAt).getTime()
  if (closedBefore || named?.status === 'closed') {
    // Its tags describe the door as it was then: applying them now would invent loans and returns.
    await raiseAlert(t, eventKey, {
      kind: 'staleEvent',
      cabinetId,
      door: event.door,
      tag: null,
      openid: null,
      note: closedBefore ? '收到早于柜门上次关闭的关门事件，未处理' : '收到已结束开门会话的关门事件，未处理',
      at: ctx.now,
    })
    return { ignored: 'stale' }
  }
  const session = await closingSession(t, cabinetId, door, event.commandId)
  const { taken, arrived } = diffDoorTags([...door.tags, ...door.unknownTags], event.tags)
  const outcome: SessionOutcome = { borrowed: [], returned: [] }
  const shelved = door.tags.filter((tag) => !taken.includes(tag))
  const unknownTags = door.unknownTags.filter((tag) => !taken.includes(tag))
  const missing: string[] = []

  const takenBooks: BookRecord[] = []
  for (const tag of taken) {
    const book = await readInTransaction<BookRecord>(t, BOOKS, tag)
    if (book && book.status === 'shelved') takenBooks.push(book)
  }
  if (takenBooks.length > 0 && session) {
    const account = await accountInTransaction(t, session.openid, ctx.now)
    const flags = overLimitFlags(account.activeLoans, takenBooks.length)
    for (const [index, book] of takenBooks.entries()) {
      const loan = newLoan(session, book, event.at, cabinetId, flags[index])
      await writeInTransaction(t, LOANS, loan)
      await writeInTransaction(t, BOOKS, { ...book, status: 'onLoan', cabinetId: null, door: null, loanId: loan._id })
      outcome.borrowed.push({ loanId: loan._id, tag: book._id, title: book.title, dueAt: loan.dueAt, overLimit: loan.overLimit })
      if (loan.overLimit) {
        await raiseAlert(t, eventKey, {
          kind: 'overLimit',
          cabinetId,
          door: event.door,
          tag: book._id,
          openid: session.openid,
          note: `超额借阅：《${book.title}》`,
          at: event.at,
        })
      }
    }
    account.activeLoans += takenBooks.length
    account.totalLoans += takenBooks.length
    await countReading(t, session.openid, shanghaiYear(event.at), takenBooks.length)
    await bumpCountersInTransaction(ctx, t, MONTHLY_STATS, cabinetStatsId(cabinetId), { loans: takenBooks.length })
    account.updatedAt = ctx.now
    await writeInTransaction(t, DEPOSIT_ACCOUNTS, account)
  } else {
    for (const book of takenBooks) {
      missing.push(book._id)
      await writeInTransaction(t, BOOKS, { ...book, status: 'missing', cabinetId: null, door: null })
      await raiseAlert(t, eventKey, {
        kind: 'missingBook',
        cabinetId,
        door: event.door,
        tag: book._id,
        openid: null,
        note: `柜门关闭时《${book.title}》不在柜内，且没有开门会话`,
        at: event.at,
      })
    }
  }

  for (const tag of arrived) {
    const book = await readInTransaction<BookRecord>(t, BOOKS, tag)
    if (!book) {
      unknownTags.push(tag)
      await raiseAlert(t, eventKey, {
        kind: 'unknownTag',
        cabinetId,
        door: event.door,
        tag,
        openid: null,
        note: '柜内出现未登记的标签',
        at: event.at,
      })
      continue
    }
    shelved.push(tag)
    if (book.status === 'onLoan' && book.loanId) {
      const returned = await returnLoan(ctx, t, book.loanId, cabinetId, event.at)
      if (returned) {
        outcome.returned.push(returned)
        notices.push({ openid: returned.borrower, loanId: returned.loanId, title: returned.title, days: returned.days, fee: returned.fee })
      }
    } else if (book.status !== 'missing') {
      if (book.status === 'shelved' && book.cabinetId && book.door !== null) await forgetTag(t, book.cabinetId, book.door, tag)
      await raiseAlert(t, eventKey, {
        kind: book.status === 'lost' ? 'lostReturned' : 'bookMoved',
        cabinetId,
        door: event.door,
        tag,
        openid: null,
        note: book.status === 'lost' ? `已按丢失处理的《${book.title}》被放回` : `《${book.title}》未经借阅出现在此柜门`,
        at: event.at,
      })
    }
    await writeInTransaction(t, BOOKS, { ...book, status: 'shelved', cabinetId, door: event.door, loanId: null })
  }

  // A late close must not free the door from someone who has claimed it since.
  const heldByAnother = door.sessionId !== null && door.sessionId !== session?._id && !door.open
  await writeInTransaction(t, CABINET_DOORS, {
    ...door,
    tags: shelved,
    unknownTags,
    open: false,
    heldUntil: heldByAnother ? door.heldUntil : event.at,
    lastClosedAt: event.at,
  })
  if (session) await writeInTransaction(t, DOOR_SESSIONS, { ...session, status: 'closed', closedAt: event.at, outcome })
  return {
    sessionId: session?._id ?? null,
    borrowed: outcome.borrowed.map((b) => b.tag),
    returned: outcome.returned.map((r) => r.tag),
    missing,
    unknown: arrived.filter((tag) => unknownTags.includes(tag)),
  }
}

/** A book the system placed in another door turned up here: that door no longer holds it. */
async function forgetTag(t: Transaction, cabinetId: string, door: number, tag: string): Promise<void> {
  const other = await readDoor(t, cabinetId, door)
  if (other && other.tags.includes(tag))
    await writeInTransaction(t, CABINET_DOORS, { ...other, tags: other.tags.filter((known) => known !== tag) })
}

async function countReading(t: Transaction, openid: string, year: number, loans: number): Promise<void> {
  const id = `${year}-${openid}`
  const stat = await readInTransaction<ReadingStat>(t, READING_STATS, id)
  await writeInTransaction(t, READING_STATS, { _id: id, openid, year, loans: (stat?.loans ?? 0) + loans })
}

function newLoan(session: SessionRecord, book: BookRecord, at: Date, cabinetId: string, overLimit: boolean): LoanRecord {
  const loanId = `${session._id}-${book._id}`
  return {
    _id: loanId,
    openid: session.openid,
    tag: book._id,
    title: book.title,
    isbn: book.isbn,
    openTag: book._id,
    status: 'onLoan',
    borrowedAt: at,
    dueAt: dueAt(at),
    borrowCabinetId: cabinetId,
    sessionId: session._id,
    overLimit,
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

/** Closes an open loan at `at`: the fee by the domain rule, taken from the borrower's deposit. */
async function returnLoan(ctx: ActionContext, t: Transaction, loanId: string, cabinetId: string, at: Date) {
  const loan = await readInTransaction<LoanRecord>(t, LOANS, loanId)
  if (!loan || loan.status !== 'onLoan') return null
  const borrowedAt = new Date(loan.borrowedAt)
  // A return is never before its borrowing (cabinets' clocks differ a little).
  if (at.getTime() < borrowedAt.getTime()) at = borrowedAt
  const fee = loan.waived ? 0 : loanFee(borrowedAt, at).feeFen
  const account = await accountInTransaction(t, loan.openid, ctx.now)
  const { deductedFen, unpaidFen } = deductFee(account.balance, fee)
  if (deductedFen > 0) {
    await bookChange(t, account, { kind: 'fee', amount: -deductedFen, ref: loan._id, note: `逾期费用《${loan.title}》`, at: ctx.now })
  }
  account.owedFee += unpaidFen
  account.activeLoans = Math.max(0, account.activeLoans - 1)
  account.updatedAt = ctx.now
  await writeInTransaction(t, DEPOSIT_ACCOUNTS, account)
  await writeInTransaction(t, LOANS, {
    ...loan,
    status: 'returned',
    openTag: loan._id,
    returnedAt: at,
    returnCabinetId: cabinetId,
    fee,
    feeDeducted: deductedFen,
    feeOwed: unpaidFen,
  })
  return { loanId: loan._id, tag: loan.tag, title: loan.title, days: daysKept(borrowedAt, at), fee, borrower: loan.openid }
}
