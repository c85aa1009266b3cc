/**
 * Booking a provider's sessions — a counselor's, or any other service booked by the slot — with no
 * knowledge of what the service is. A `Schedule` names the service's collections and fields and gives
 * its numbers; the rest is the same for every service:
 *
 * - free slots come from the provider's weekly windows and date exceptions (domain/scheduling), within
 *   the notice and the horizon, minus the slots held;
 * - a slot is held by a lock document (`_id` = provider + start, and a unique index on the pair): a
 *   second booking of the slot fails on that key, however many arrive at once;
 * - the limit of upcoming bookings per person holds under concurrency through `holdSlot`, unique across
 *   bookings: an upcoming booking takes `${openid}#1` … `#max`, any other keeps its own id there;
 * - a new booking is a handful of requests (no transaction): read the person's bookings once, add the
 *   lock, add the booking; a lock whose booking never came (a request that died) is cleared by the
 *   next booking of that slot once it is ORPHAN_LOCK_MS old. Moves and status changes, which touch
 *   two documents, are transactions (the new slot's lock is added inside the move's transaction).
 */
import { randomBytes } from 'crypto'
import type { ActionContext } from './define'
import { AppError, refuseUnless } from './envelope'
import type { Transaction } from './sdk'
import { isTransactionConflict, withTransaction } from './transaction'
import { findById, isDuplicateKey, readInTransaction, writeInTransaction } from './documents'
import { readAll } from './paging'
import { checkUpcomingLimit, findFreeSlot, freeSlots, holdsTime, HOLDING_STATUSES } from '../../domain/scheduling'
import type { Availability, Slot, SlotRules } from '../../domain/scheduling'
import type { Decision } from '../../domain/errors'

export type ScheduleContext = Pick<ActionContext, 'db' | '_' | 'now' | 'openid'>

export interface ScheduleRules extends SlotRules {
  maxUpcomingBookings: number
}

export interface Schedule {
  /** slot locks: `_id` = provider + start, unique index on (providerField, start) */
  locks: string
  /** bookings: unique index on `holdSlot` */
  bookings: string
  /** the field naming the provider in locks and bookings, e.g. 'counselorId' */
  providerField: string
  /** the field naming the person who booked, e.g. 'workerOpenid' */
  ownerField: string
  /** the first letter of new booking ids */
  idPrefix: string
  rules: ScheduleRules
}

export interface Provider {
  _id: string
  availability: Availability
}

/** What the scheduler reads and writes on a booking; a service's bookings hold more. */
export interface ScheduledBooking {
  _id: string
  start: Date
  end: Date
  status: string
  /** `${openid}#n` while the booking holds time (unique: at most `maxUpcomingBookings` per person), else its own id */
  holdSlot: string
  updatedAt: Date
}

export function slotLockId(providerId: string, start: Date): string {
  return `${providerId}-${new Date(start).getTime()}`
}

export const holdSlotOf = (openid: string, n: number) => `${openid}#${n}`

/** A lock this old without its booking belongs to a request that died (functions stop at their timeout). */
const ORPHAN_LOCK_MS = 30_000

const field = (booking: object, name: string) => (booking as Record<string, unknown>)[name]
const holdNumbers = (schedule: Schedule, openid: string) =>
  Array.from({ length: schedule.rules.maxUpcomingBookings }, (_, i) => holdSlotOf(openid, i + 1))
const isLive = (booking: ScheduledBooking, now: Date) => holdsTime({ status: booking.status, end: new Date(booking.end) }, now)

type SlotLock = Record<string, unknown> & { _id: string; start: Date; end: Date; bookingId: string; createdAt?: Date }

function lockFor(schedule: Schedule, booking: ScheduledBooking): SlotLock {
  const providerId = field(booking, schedule.providerField) as string
  return {
    _id: slotLockId(providerId, booking.start),
    [schedule.providerField]: providerId,
    start: booking.start,
    end: booking.end,
    bookingId: booking._id,
  }
}

/** Free slots of a provider in [from, to), within the notice and horizon rules. */
export async function freeSlotsOf(ctx: ScheduleContext, schedule: Schedule, provider: Provider, from: Date, to: Date): Promise<Slot[]> {
  const _ = ctx._
  // Every lock overlapping [from, to), whatever length its session had when it was booked.
  const locks = await readAll(
    ctx.db
      .collection<SlotLock>(schedule.locks)
      .where({ [schedule.providerField]: provider._id, start: _.lt(to), end: _.gt(from) })
      .orderBy('start', 'asc'),
  )
  const booked = locks.map((lock) => ({ start: new Date(lock.start), end: new Date(lock.end) }))
  return freeSlots({ availability: provider.availability, booked, now: ctx.now, from, to }, schedule.rules)
}

/** The slot must be one the provider offers now; whether someone holds it is the lock's business. */
function offeredSlot(schedule: Schedule, provider: Provider, start: Date, now: Date): Slot {
  const slot = findFreeSlot({ availability: provider.availability, now }, start, schedule.rules)
  if (!slot) throw new AppError('NOT_IN_WINDOW', '该时段不可预约，请重新选择时段')
  return slot
}

/**
 * Adds the slot's lock: 'locked', or the booking holding the slot (null when it cannot be told yet).
 * Clears a lock its request left behind.
 */
async function addLock<B extends ScheduledBooking>(ctx: ScheduleContext, schedule: Schedule, lock: SlotLock): Promise<'locked' | B | null> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await ctx.db.collection(schedule.locks).add({ data: lock })
      return 'locked'
    } catch (error) {
      if (!isDuplicateKey(error)) throw error
    }
    const held = await findById<SlotLock>(ctx.db, schedule.locks, lock._id)
    const holder = held ? await findById<B>(ctx.db, schedule.bookings, held.bookingId) : null
    if (!held || holder) return holder
    if (!held.createdAt || ctx.now.getTime() - new Date(held.createdAt).getTime() < ORPHAN_LOCK_MS) return null
    await ctx.db.collection(schedule.locks).where({ _id: lock._id, bookingId: held.bookingId }).remove()
  }
  return null
}

async function releaseLock(t: Transaction, schedule: Schedule, booking: ScheduledBooking): Promise<void> {
  const lockId = slotLockId(field(booking, schedule.providerField) as string, booking.start)
  const lock = await readInTransaction<SlotLock>(t, schedule.locks, lockId)
  if (lock && lock.bookingId === booking._id) await t.collection(schedule.locks).doc(lockId).remove()
}

export interface SlotRequest<B extends ScheduledBooking> {
  provider: Provider
  start: Date
  /** more of the person's bookings to read in the same query (counseling: the recent no-shows) */
  alsoRead?: Record<string, unknown>
  /** refuses on the person's bookings read (counseling: a suspension) */
  check?: (mine: B[]) => Decision
  /** the new booking for the slot, without its hold number */
  build(base: { _id: string; start: Date; end: Date }): Omit<B, 'holdSlot'>
}

/**
 * Books a slot for the caller. Asking again for a slot they hold answers that booking (`created: false`:
 * the client SDK may retry); a slot someone else holds is SLOT_TAKEN; past the limit, BOOKING_LIMIT.
 */
export async function bookSlot<B extends ScheduledBooking>(
  ctx: ScheduleContext,
  schedule: Schedule,
  request: SlotRequest<B>,
): Promise<{ booking: B; created: boolean }> {
  const _ = ctx._
  const { providerField, ownerField } = schedule
  const holds = holdNumbers(schedule, ctx.openid)
  // The caller's upcoming bookings, what the service asks for, and any booking still holding one of their numbers.
  const { data: mine } = await ctx.db
    .collection<B>(schedule.bookings)
    .where(
      _.or([
        { [ownerField]: ctx.openid, status: _.in([...HOLDING_STATUSES]), end: _.gt(ctx.now) },
        ...(request.alsoRead ? [{ [ownerField]: ctx.openid, ...request.alsoRead }] : []),
        { holdSlot: _.in(holds) },
      ]),
    )
    .limit(100)
    .get()
  const live = mine.filter((b) => field(b, ownerField) === ctx.openid && isLive(b, ctx.now))
  const same = live.find((b) => field(b, providerField) === request.provider._id && new Date(b.start).getTime() === request.start.getTime())
  if (same) return { booking: same, created: false }
  if (request.check) refuseUnless(request.check(mine))
  refuseUnless(checkUpcomingLimit(live.length, schedule.rules.maxUpcomingBookings))
  const slot = offeredSlot(schedule, request.provider, request.start, ctx.now)
  // Hold numbers kept by bookings no longer upcoming (their time passed) are given back first.
  for (const stale of mine.filter((b) => b.holdSlot !== b._id && !isLive(b, ctx.now)))
    await ctx.db
      .collection(schedule.bookings)
      .where({ _id: stale._id, holdSlot: stale.holdSlot })
      .update({ data: { holdSlot: stale._id } })
  const used = new Set(live.map((b) => b.holdSlot))
  const free = holds.filter((hold) => !used.has(hold))

  const built = request.build({ _id: `${schedule.idPrefix}${randomBytes(10).toString('hex')}`, start: slot.start, end: slot.end })
  const booking = { ...built, holdSlot: free[0] } as B
  const lock = { ...lockFor(schedule, booking), createdAt: ctx.now }
  const locked = await addLock<B>(ctx, schedule, lock)
  if (locked !== 'locked') {
    if (locked && field(locked, ownerField) === ctx.openid) return { booking: locked, created: false }
    throw new AppError('SLOT_TAKEN')
  }
  // A simultaneous booking of the same person may take a hold number first: then the next one.
  for (const hold of free) {
    try {
      await ctx.db.collection(schedule.bookings).add({ data: { ...booking, holdSlot: hold } })
      return { booking: { ...booking, holdSlot: hold }, created: true }
    } catch (error) {
      if (!isDuplicateKey(error)) throw error
    }
  }
  await ctx.db.collection(schedule.locks).where({ _id: lock._id, bookingId: booking._id }).remove()
  throw new AppError('BOOKING_LIMIT')
}

export interface Move<B extends ScheduledBooking> {
  /** whether the booking may move, checked again on the stored booking inside the transaction */
  check(current: B): Decision
  /** the new booking at the slot (it takes over the old one's hold number) */
  build(base: { _id: string; start: Date; end: Date }): Omit<B, 'holdSlot'>
  /** what becomes of the old booking, replaced by `replacement` (it keeps its own id as hold number) */
  retire(current: B, replacement: B): Partial<B>
}

/** The old booking retired and a new one at `start`, with the provider's lock, in one transaction. */
export async function moveBooking<B extends ScheduledBooking>(
  ctx: ScheduleContext,
  schedule: Schedule,
  old: B,
  provider: Provider,
  start: Date,
  move: Move<B>,
): Promise<B> {
  refuseUnless(move.check(old))
  const slot = offeredSlot(schedule, provider, start, ctx.now)
  const booking = move.build({ _id: `${schedule.idPrefix}${randomBytes(10).toString('hex')}`, start: slot.start, end: slot.end }) as B
  try {
    await withTransaction(ctx.db, async (t) => {
      const stored = await readInTransaction<B>(t, schedule.bookings, old._id)
      if (!stored) throw new AppError('NOT_FOUND', '预约不存在')
      const current = { ...stored, start: new Date(stored.start), end: new Date(stored.end) }
      refuseUnless(move.check(current))
      await releaseLock(t, schedule, current)
      await t.collection(schedule.locks).add({ data: lockFor(schedule, booking) })
      await writeInTransaction(t, schedule.bookings, { ...current, ...move.retire(current, booking), holdSlot: current._id })
      booking.holdSlot = current.holdSlot ?? booking._id
      await writeInTransaction(t, schedule.bookings, booking)
    })
  } catch (error) {
    if (isDuplicateKey(error)) throw new AppError('SLOT_TAKEN')
    // Conflicts that outlast the retries are SLOT_TAKEN when the slot is held by then, else retry-later.
    if (isTransactionConflict(error)) {
      const lock = await findById<SlotLock>(ctx.db, schedule.locks, slotLockId(provider._id, slot.start))
      if (lock && (await findById(ctx.db, schedule.bookings, lock.bookingId))) throw new AppError('SLOT_TAKEN')
      throw new AppError('CONFLICT', '预约人数较多，请稍后重试')
    }
    throw error
  }
  return booking
}

export interface Transition<B extends ScheduledBooking> {
  to: B['status']
  check(booking: B): Decision
  change: Partial<B>
  /** leaving the slot (cancelled, declined) frees it for others */
  releasesSlot?: boolean
  /**
   * Whether a booking already in `to` got there by this same request (a retry answers as before).
   * When it did not, the screen acted on a stale record: refused, so it reloads.
   */
  sameRequest?(booking: B): Decision
}

/**
 * Moves a booking to another status in a transaction. Asking again for the status it already has
 * changes nothing (`changed: false`), so retried calls do not notify twice.
 */
export async function transitionBooking<B extends ScheduledBooking>(
  ctx: ScheduleContext,
  schedule: Schedule,
  bookingId: string,
  transition: Transition<B>,
): Promise<{ booking: B; changed: boolean }> {
  return withTransaction(ctx.db, async (t) => {
    const stored = await readInTransaction<B>(t, schedule.bookings, bookingId)
    if (!stored) throw new AppError('NOT_FOUND', '预约不存在')
    const current = { ...stored, start: new Date(stored.start), end: new Date(stored.end) }
    if (current.status === transition.to) {
      refuseUnless(transition.sameRequest?.(current) ?? { ok: true })
      return { booking: current, changed: false }
    }
    refuseUnless(transition.check(current))
    const updated: B = { ...current, ...transition.change, status: transition.to, updatedAt: ctx.now }
    // Only a booking still holding time keeps one of the person's hold numbers.
    if (!isLive(updated, ctx.now)) updated.holdSlot = updated._id
    if (transition.releasesSlot) await releaseLock(t, schedule, current)
    await writeInTransaction(t, schedule.bookings, updated)
    return { booking: updated, changed: true }
  })
}
