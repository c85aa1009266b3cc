/**
 * What the cloud does with a cabinet's event (CONTRACT.md, cabinet protocol). A repeated eventId has
 * one effect and gets the first answer: a door close keeps its answer on the door (doorClose.ts), the
 * other events are applied in one transaction together with their `cabinetEvents` record. Loan and
 * return times are the cabinet's `at`, never the time of processing: a cabinet that delivers a day of
 * queued events late produces the same loans and fees.
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
import type { Transaction } from '../_lib/sdk'
import { withTransaction } from '../_lib/transaction'
import { readInTransaction, writeInTransaction } from '../_lib/documents'
import { raiseAlertInTransaction } from './alerts'
import { clockAlert, clockProblem, type CabinetEvent, type EventAnswer } from './cabinetClock'
import { doorId } from './closePlan'
import { closeDoor } from './doorClose'
import { CABINET_DOORS, CABINET_EVENTS, DOOR_SESSIONS, type DoorRecord, type SessionRecord } from './records'

export type { AlertKind, AlertRecord } from './alerts'
export type { CabinetEvent, EventAnswer } from './cabinetClock'
export { CLOCK_SKEW_MS, clockProblem } from './cabinetClock'
export { doorId } from './closePlan'

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

/** Applies one authenticated event of `cabinetId`; a repeated eventId answers as before and changes nothing. */
export async function applyCabinetEvent(
  ctx: ActionContext,
  cabinetId: string,
  event: CabinetEvent,
): Promise<EventAnswer & { duplicate: boolean }> {
  // A heartbeat changes nothing but the cabinet's last-seen time (set by the gateway): nothing to dedupe or keep.
  if (event.type === 'heartbeat')
    return { eventId: event.eventId, type: event.type, result: { doors: event.doors.length }, duplicate: false }
  if (event.type === 'doorClosed') return closeDoor(ctx, cabinetId, event)
  const eventKey = `${cabinetId}-${event.eventId}`
  const outcome = await withTransaction(ctx.db, async (t) => {
    const seen = await readInTransaction<EventRecord>(t, CABINET_EVENTS, eventKey)
    if (seen) return { answer: seen.answer, duplicate: true }
    const session = await readInTransaction<SessionRecord>(t, DOOR_SESSIONS, event.commandId)
    const problem = clockProblem(event.at, ctx.now, session?.cabinetId === cabinetId ? session.createdAt : null)
    const at = problem ? ctx.now : event.at
    if (problem) await raiseAlertInTransaction(t, eventKey, clockAlert(cabinetId, event, problem, ctx.now))
    const result =
      event.type === 'doorOpened'
        ? await doorOpened(t, cabinetId, eventKey, { ...event, at }, session)
        : await openFailed(t, cabinetId, { ...event, at }, session)
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
  return { ...outcome.answer, duplicate: outcome.duplicate }
}

async function readDoor(t: Transaction, cabinetId: string, door: number): Promise<DoorRecord | null> {
  return readInTransaction<DoorRecord>(t, CABINET_DOORS, doorId(cabinetId, door))
}

async function doorOpened(
  t: Transaction,
  cabinetId: string,
  eventKey: string,
  event: Extract<CabinetEvent, { type: 'doorOpened' }>,
  session: SessionRecord | null,
): Promise<Record<string, unknown>> {
  const door = await readDoor(t, cabinetId, event.door)
  if (!door) return { ignored: 'unknownDoor' }
  const owned = session && session.cabinetId === cabinetId && session.door === event.door
  // Late: its session already closed, or the door closed after the moment this open reports.
  if (owned && session.status === 'closed') return { ignored: 'sessionClosed' }
  if (door.lastClosedAt && event.at.getTime() <= new Date(door.lastClosedAt).getTime()) return { ignored: 'stale' }
  if (owned) {
    if (session.status !== 'opening') {
      await raiseAlertInTransaction(t, eventKey, {
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
  session: SessionRecord | null,
): Promise<Record<string, unknown>> {
  if (!session || session.cabinetId !== cabinetId || session.status !== 'opening') return { ignored: 'noOpeningSession' }
  await writeInTransaction(t, DOOR_SESSIONS, { ...session, status: 'failed', failReason: event.reason.slice(0, 100) })
  const door = await readDoor(t, cabinetId, event.door)
  // The door goes back to whoever comes next at once: it never opened.
  if (door && door.sessionId === session._id && !door.open) await writeInTransaction(t, CABINET_DOORS, { ...door, heldUntil: event.at })
  return { sessionId: session._id, status: 'failed' }
}
