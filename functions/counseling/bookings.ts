/**
 * Writing bookings. A slot is held by a `slotLocks` document (`_id` = counselor + start, and a unique
 * index on the pair) added in the same transaction as its booking: a second booking of the slot
 * fails on that key, however many arrive at once. The worker's `counselingClients` document is
 * written by every booking of that worker, so two of their bookings at once are serialised and the
 * limit of 2 upcoming holds under concurrency too.
 */
import { randomBytes } from 'crypto'
import type { ActionContext } from '../_lib/define'
import { AppError } from '../_lib/envelope'
import type { Transaction } from '../_lib/sdk'
import { isTransactionConflict, withTransaction } from '../_lib/transaction'
import { ensureDocument, findById, isDuplicateKey, readInTransaction, writeInTransaction } from '../_lib/documents'
import { bumpCounters, shanghaiMonth } from '../_lib/counters'
import { defaultConfig } from '../../domain/config'
import {
  checkBookingLimit,
  checkNotSuspended,
  detectCrisis,
  findFreeSlot,
  isUpcomingBooking,
  type BookingStatus,
  type Intake,
} from '../../domain/counseling'
import type { Decision } from '../../domain/errors'
import { topicBucket } from '../../domain/counseling/consent'
import {
  BOOKINGS,
  CLIENTS,
  MONTHLY_STATS,
  SLOT_LOCKS,
  slotLockId,
  type BookingRecord,
  type ClientRecord,
  type CounselorRecord,
  type SlotLockRecord,
} from './records'

const config = defaultConfig.counseling

function refuseUnless(decision: Decision): void {
  if (!decision.ok) throw new AppError(decision.code, decision.message)
}

function newBookingId(): string {
  return `B${randomBytes(10).toString('hex')}`
}

async function ensureClient(ctx: ActionContext): Promise<void> {
  const client: ClientRecord = { _id: ctx.openid, holds: [], consents: [], createdAt: ctx.now, updatedAt: ctx.now }
  await ensureDocument(ctx.db, CLIENTS, { ...client })
}

/** Bookings among `holds` that still hold time; the others no longer count toward the limit. */
async function liveHolds(t: Transaction, holds: string[], now: Date): Promise<string[]> {
  const live: string[] = []
  for (const id of holds) {
    const booking = await readInTransaction<BookingRecord>(t, BOOKINGS, id)
    if (booking && isUpcomingBooking({ status: booking.status, end: new Date(booking.end) }, now)) live.push(id)
  }
  return live
}

async function noShowStarts(ctx: ActionContext, openid: string): Promise<Date[]> {
  const since = new Date(ctx.now.getTime() - config.noShowWindowMs - config.suspensionMs)
  const { data } = await ctx.db
    .collection<BookingRecord>(BOOKINGS)
    .where({ workerOpenid: openid, status: 'no_show', start: ctx._.gte(since) })
    .field({ start: true })
    .limit(100)
    .get()
  return data.map((booking) => new Date(booking.start))
}

export async function checkWorkerNotSuspended(ctx: ActionContext, openid: string): Promise<Decision> {
  return checkNotSuspended(await noShowStarts(ctx, openid), ctx.now)
}

/** The slot must be one the counselor offers now; whether someone holds it is the lock's business. */
function offeredSlot(counselor: CounselorRecord, start: Date, now: Date) {
  const slot = findFreeSlot({ availability: counselor.availability, now }, start)
  if (!slot) throw new AppError('NOT_IN_WINDOW', '该时段不可预约，请重新选择时段')
  return slot
}

/** The booking holding a slot, if any. */
async function holderOf(ctx: ActionContext, counselorId: string, start: Date): Promise<BookingRecord | null> {
  const lock = await findById<SlotLockRecord>(ctx.db, SLOT_LOCKS, slotLockId(counselorId, start))
  return lock ? findById<BookingRecord>(ctx.db, BOOKINGS, lock.bookingId) : null
}

/**
 * Runs a transaction that adds a slot lock: a duplicate lock is SLOT_TAKEN; conflicts that outlast
 * the retries are SLOT_TAKEN when the slot is held by then, otherwise a plain retry-later.
 */
async function withSlotLock<R>(ctx: ActionContext, counselorId: string, start: Date, work: (t: Transaction) => Promise<R>): Promise<R> {
  try {
    return await withTransaction(ctx.db, work)
  } catch (error) {
    if (isDuplicateKey(error)) throw new AppError('SLOT_TAKEN')
    if (isTransactionConflict(error)) {
      if (await holderOf(ctx, counselorId, start)) throw new AppError('SLOT_TAKEN')
      throw new AppError('CONFLICT', '预约人数较多，请稍后重试')
    }
    throw error
  }
}

function lockFor(booking: BookingRecord): SlotLockRecord {
  return {
    _id: slotLockId(booking.counselorId, booking.start),
    counselorId: booking.counselorId,
    start: booking.start,
    end: booking.end,
    bookingId: booking._id,
  }
}

async function releaseLock(t: Transaction, booking: BookingRecord): Promise<void> {
  const lockId = slotLockId(booking.counselorId, new Date(booking.start))
  const lock = await readInTransaction<SlotLockRecord>(t, SLOT_LOCKS, lockId)
  if (lock && lock.bookingId === booking._id) await t.collection(SLOT_LOCKS).doc(lockId).remove()
}

export interface BookRequest extends Intake {
  start: Date
  consentVersion: string
  clientName: string
}

export async function createBooking(
  ctx: ActionContext,
  counselor: CounselorRecord,
  request: BookRequest,
): Promise<{ booking: BookingRecord; created: boolean }> {
  // The client SDK may retry: the same worker asking again for the slot they hold gets that booking.
  const holder = await holderOf(ctx, counselor._id, request.start)
  if (holder && holder.workerOpenid === ctx.openid) return { booking: holder, created: false }
  if (holder) throw new AppError('SLOT_TAKEN')
  refuseUnless(await checkWorkerNotSuspended(ctx, ctx.openid))
  const slot = offeredSlot(counselor, request.start, ctx.now)
  await ensureClient(ctx)

  const crisis = detectCrisis(request.topic, request.description)
  const booking: BookingRecord = {
    _id: newBookingId(),
    counselorId: counselor._id,
    workerOpenid: ctx.openid,
    start: slot.start,
    end: slot.end,
    mode: request.mode,
    topic: request.topic,
    description: request.description,
    nickname: request.nickname || null,
    clientName: request.clientName,
    phone: request.phone,
    urgent: crisis.urgent,
    crisisWords: crisis.matched,
    consent: { version: request.consentVersion, at: ctx.now },
    status: 'pending',
    rescheduleCount: 0,
    rescheduledFrom: null,
    rescheduledTo: null,
    cancellation: null,
    declineReason: null,
    feedback: null,
    confirmedAt: null,
    outcomeAt: null,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  }
  await withSlotLock(ctx, counselor._id, slot.start, async (t) => {
    const client = await readInTransaction<ClientRecord>(t, CLIENTS, ctx.openid)
    if (!client) throw new AppError('CONFLICT', '请重试')
    const live = await liveHolds(t, client.holds, ctx.now)
    refuseUnless(checkBookingLimit(live.length))
    await t.collection(SLOT_LOCKS).add({ data: lockFor(booking) })
    await writeInTransaction(t, BOOKINGS, booking)
    await writeInTransaction(t, CLIENTS, {
      ...client,
      holds: [...live, booking._id],
      consents: [...client.consents, { version: request.consentVersion, at: ctx.now, bookingId: booking._id }],
      updatedAt: ctx.now,
    })
  })
  await countInStats(ctx, booking.start, { bookings: 1, [`mode_${booking.mode}`]: 1, [`topics.${topicBucket(booking.topic)}`]: 1 })
  return { booking, created: true }
}

/** Cancel + new booking of the same counselor in one transaction: both happen or neither. */
export async function rescheduleBooking(
  ctx: ActionContext,
  old: BookingRecord,
  counselor: CounselorRecord,
  start: Date,
  check: (current: BookingRecord) => Decision,
): Promise<{ booking: BookingRecord; created: boolean }> {
  if (old.status === 'cancelled' && old.rescheduledTo) {
    const earlier = await findById<BookingRecord>(ctx.db, BOOKINGS, old.rescheduledTo)
    if (earlier && new Date(earlier.start).getTime() === start.getTime()) return { booking: earlier, created: false }
  }
  refuseUnless(check(old))
  const slot = offeredSlot(counselor, start, ctx.now)
  await ensureClient(ctx)
  const booking: BookingRecord = {
    ...old,
    _id: newBookingId(),
    start: slot.start,
    end: slot.end,
    status: 'pending',
    rescheduleCount: old.rescheduleCount + 1,
    rescheduledFrom: old._id,
    rescheduledTo: null,
    confirmedAt: null,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  }
  await withSlotLock(ctx, counselor._id, slot.start, async (t) => {
    const current = await readInTransaction<BookingRecord>(t, BOOKINGS, old._id)
    if (!current) throw new AppError('NOT_FOUND', '预约不存在')
    refuseUnless(check({ ...current, start: new Date(current.start) }))
    const client = await readInTransaction<ClientRecord>(t, CLIENTS, ctx.openid)
    if (!client) throw new AppError('CONFLICT', '请重试')
    await releaseLock(t, current)
    await t.collection(SLOT_LOCKS).add({ data: lockFor(booking) })
    await writeInTransaction(t, BOOKINGS, {
      ...current,
      status: 'cancelled',
      cancellation: { by: 'worker', reason: '改期', at: ctx.now },
      rescheduledTo: booking._id,
      updatedAt: ctx.now,
    })
    await writeInTransaction(t, BOOKINGS, booking)
    await writeInTransaction(t, CLIENTS, {
      ...client,
      holds: [...client.holds.filter((id) => id !== old._id), booking._id],
      updatedAt: ctx.now,
    })
  })
  return { booking, created: true }
}

export interface Transition {
  to: BookingStatus
  check(booking: BookingRecord): Decision
  change: Partial<BookingRecord>
  /**
   * Whether a booking already in `to` got there by this same request (a retry answers as before).
   * When it did not (say the worker cancels an old booking that a reschedule already replaced), the
   * screen acted on a stale record: refused, so it reloads.
   */
  sameRequest?(booking: BookingRecord): Decision
}

/**
 * Moves a booking to another status in a transaction. Asking again for the status it already has
 * changes nothing (`changed: false`), so retried calls do not notify twice. Leaving the slot
 * (cancelled, declined) releases its lock.
 */
export async function transitionBooking(
  ctx: ActionContext,
  bookingId: string,
  transition: Transition,
): Promise<{ booking: BookingRecord; changed: boolean }> {
  const result = await withTransaction(ctx.db, async (t) => {
    const stored = await readInTransaction<BookingRecord>(t, BOOKINGS, bookingId)
    if (!stored) throw new AppError('NOT_FOUND', '预约不存在')
    const current = { ...stored, start: new Date(stored.start), end: new Date(stored.end) }
    if (current.status === transition.to) {
      refuseUnless(transition.sameRequest?.(current) ?? { ok: true })
      return { booking: current, changed: false }
    }
    refuseUnless(transition.check(current))
    const updated: BookingRecord = { ...current, ...transition.change, status: transition.to, updatedAt: ctx.now }
    if (transition.to === 'cancelled' || transition.to === 'declined') await releaseLock(t, current)
    await writeInTransaction(t, BOOKINGS, updated)
    return { booking: updated, changed: true }
  })
  if (result.changed) await countInStats(ctx, result.booking.start, { [`outcome_${transition.to}`]: 1 })
  return result
}

/** Adds to the month's aggregate counters (the month of the session, in Shanghai). */
async function countInStats(ctx: ActionContext, start: Date, counts: Record<string, number>): Promise<void> {
  const month = shanghaiMonth(start)
  await bumpCounters(ctx, MONTHLY_STATS, month, { month }, counts)
}
