/**
 * Writing bookings. A slot is held by a `slotLocks` document (`_id` = counselor + start, and a unique
 * index on the pair): a second booking of the slot fails on that key, however many arrive at once.
 * The limit of 2 upcoming bookings holds under concurrency through `holdSlot`, unique across
 * bookings: an upcoming booking takes `${openid}#1` or `#2`, any other keeps its own id there. A new
 * booking is a handful of requests (no transaction): read the worker's bookings once, add the lock,
 * add the booking; a lock whose booking never came (a request that died) is cleared by the next
 * booking of that slot once it is CLAIM_STALE_MS old. Reschedules and status changes, which touch
 * two documents, stay transactions.
 */
import { randomBytes } from 'crypto'
import type { ActionContext } from '../_lib/define'
import { AppError } from '../_lib/envelope'
import type { Transaction } from '../_lib/sdk'
import { isTransactionConflict, withTransaction } from '../_lib/transaction'
import { findById, isDuplicateKey, readInTransaction, writeInTransaction } from '../_lib/documents'
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
import { BOOKINGS, MONTHLY_STATS, SLOT_LOCKS, slotLockId, type BookingRecord, type CounselorRecord, type SlotLockRecord } from './records'

const config = defaultConfig.counseling

function refuseUnless(decision: Decision): void {
  if (!decision.ok) throw new AppError(decision.code, decision.message)
}

function newBookingId(): string {
  return `B${randomBytes(10).toString('hex')}`
}

/** A lock this old without its booking belongs to a request that died (functions stop at their timeout). */
const ORPHAN_LOCK_MS = 30_000
const HOLD_NUMBERS = [1, 2]
export const holdSlotOf = (openid: string, n: number) => `${openid}#${n}`

const isLive = (booking: BookingRecord, now: Date) => isUpcomingBooking({ status: booking.status, end: new Date(booking.end) }, now)

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

/**
 * The worker's bookings that matter to a new one, in one query: the upcoming ones, the no-shows of the
 * suspension window, and any still holding one of their two hold numbers.
 */
async function workerBookings(ctx: ActionContext): Promise<BookingRecord[]> {
  const _ = ctx._
  const since = new Date(ctx.now.getTime() - config.noShowWindowMs - config.suspensionMs)
  const { data } = await ctx.db
    .collection<BookingRecord>(BOOKINGS)
    .where(
      _.or([
        { workerOpenid: ctx.openid, status: _.in(['pending', 'confirmed']), end: _.gt(ctx.now) },
        { workerOpenid: ctx.openid, status: 'no_show', start: _.gte(since) },
        { holdSlot: _.in(HOLD_NUMBERS.map((n) => holdSlotOf(ctx.openid, n))) },
      ]),
    )
    .limit(100)
    .get()
  return data
}

/**
 * Adds the slot's lock: 'locked', or the booking holding the slot (null when it cannot be told yet).
 * Clears a lock its request left behind.
 */
async function addLock(ctx: ActionContext, lock: SlotLockRecord): Promise<'locked' | BookingRecord | null> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await ctx.db.collection(SLOT_LOCKS).add({ data: lock })
      return 'locked'
    } catch (error) {
      if (!isDuplicateKey(error)) throw error
    }
    const held = await findById<SlotLockRecord & { createdAt?: Date }>(ctx.db, SLOT_LOCKS, lock._id)
    const holder = held ? await findById<BookingRecord>(ctx.db, BOOKINGS, held.bookingId) : null
    if (!held || holder) return holder
    if (!held.createdAt || ctx.now.getTime() - new Date(held.createdAt).getTime() < ORPHAN_LOCK_MS) return null
    await ctx.db.collection(SLOT_LOCKS).where({ _id: lock._id, bookingId: held.bookingId }).remove()
  }
  return null
}

export async function createBooking(
  ctx: ActionContext,
  counselor: CounselorRecord,
  request: BookRequest,
): Promise<{ booking: BookingRecord; created: boolean }> {
  const mine = await workerBookings(ctx)
  const live = mine.filter((b) => b.workerOpenid === ctx.openid && isLive(b, ctx.now))
  // The client SDK may retry: the same worker asking again for the slot they hold gets that booking.
  const same = live.find((b) => b.counselorId === counselor._id && new Date(b.start).getTime() === request.start.getTime())
  if (same) return { booking: same, created: false }
  refuseUnless(
    checkNotSuspended(
      mine.filter((b) => b.status === 'no_show').map((b) => new Date(b.start)),
      ctx.now,
    ),
  )
  refuseUnless(checkBookingLimit(live.length))
  const slot = offeredSlot(counselor, request.start, ctx.now)
  // Hold numbers kept by bookings no longer upcoming (their time passed) are given back first.
  for (const stale of mine.filter((b) => b.holdSlot !== b._id && !isLive(b, ctx.now)))
    await ctx.db
      .collection(BOOKINGS)
      .where({ _id: stale._id, holdSlot: stale.holdSlot })
      .update({ data: { holdSlot: stale._id } })
  const used = new Set(live.map((b) => b.holdSlot))
  const free = HOLD_NUMBERS.map((n) => holdSlotOf(ctx.openid, n)).filter((hold) => !used.has(hold))

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
    holdSlot: free[0],
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
  const lock = { ...lockFor(booking), createdAt: ctx.now }
  const locked = await addLock(ctx, lock)
  if (locked !== 'locked') {
    if (locked && locked.workerOpenid === ctx.openid) return { booking: locked, created: false }
    throw new AppError('SLOT_TAKEN')
  }
  // A simultaneous booking of the same worker may take a hold number first: then the next one.
  for (const hold of free) {
    try {
      await ctx.db.collection(BOOKINGS).add({ data: { ...booking, holdSlot: hold } })
      await countInStats(ctx, booking.start, { bookings: 1, [`mode_${booking.mode}`]: 1, [`topics.${topicBucket(booking.topic)}`]: 1 })
      return { booking: { ...booking, holdSlot: hold }, created: true }
    } catch (error) {
      if (!isDuplicateKey(error)) throw error
    }
  }
  await ctx.db.collection(SLOT_LOCKS).where({ _id: lock._id, bookingId: booking._id }).remove()
  throw new AppError('BOOKING_LIMIT')
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
    await releaseLock(t, current)
    await t.collection(SLOT_LOCKS).add({ data: lockFor(booking) })
    // The new booking takes over the old one's hold number; the old one keeps its own id there.
    await writeInTransaction(t, BOOKINGS, {
      ...current,
      status: 'cancelled',
      holdSlot: current._id,
      cancellation: { by: 'worker', reason: '改期', at: ctx.now },
      rescheduledTo: booking._id,
      updatedAt: ctx.now,
    })
    booking.holdSlot = current.holdSlot ?? booking._id
    await writeInTransaction(t, BOOKINGS, booking)
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
    // Only a pending or confirmed booking holds one of the worker's two hold numbers.
    if (!isLive(updated, ctx.now) || (updated.status !== 'pending' && updated.status !== 'confirmed')) updated.holdSlot = updated._id
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
