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
 * A door keeps its last 5 closes, an account or reading count the last 50, a cabinet counter the last
 * 200: a cabinet repeats an unanswered event within minutes, far inside these. A repeat older than
 * the door's kept closes is older than its last close, and answers `stale` changing nothing.
 */
import type { ActionContext } from '../_lib/define'
import { findById } from '../_lib/documents'
import { readAll } from '../_lib/paging'
import { ContentionError } from '../_lib/transaction'
import { diffDoorTags } from '../../domain/bookcase'
import { raiseAlert } from './alerts'
import { clockAlert, clockProblem, type DoorClosedEvent, type EventAnswer } from './cabinetClock'
import { finishClose } from './closeFinish'
import { doorId, planClose, tagsToRead, type ClosedDoor, type ClosingSession } from './closePlan'
import {
  BOOKS,
  CABINET_DOORS,
  DOOR_SESSIONS,
  LOANS,
  type BookRecord,
  type DoorRecord,
  type LoanRecord,
  type SessionRecord,
} from './records'

/** Closes kept on a door (a repeat older than these is older than the door's last close: stale). */
const CLOSES_KEPT = 5
const MAX_ATTEMPTS = 5

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
