/**
 * Counseling's bookings through the generic scheduler (functions/_lib/scheduling.ts): what a counseling
 * booking holds (intake, consent, crisis words), the suspension after no-shows, reschedules as moves,
 * and the monthly counters admins see.
 */
import type { ActionContext } from '../_lib/define'
import { findById } from '../_lib/documents'
import { bumpCounters, shanghaiMonth } from '../_lib/counters'
import { bookSlot, moveBooking, transitionBooking as scheduleTransition, type Schedule, type Transition } from '../_lib/scheduling'
import type { CounselingConfig } from '../../domain/config'
import { checkNotSuspended, detectCrisis, type Intake } from '../../domain/counseling'
import type { Decision } from '../../domain/errors'
import { topicBucket } from '../../domain/counseling/consent'
import { BOOKINGS, MONTHLY_STATS, SLOT_LOCKS, type BookingRecord, type CounselorRecord } from './records'

export type BookingTransition = Transition<BookingRecord>

/** Counselors are the providers, workers book them; the numbers are the environment's counseling section. */
export function counselingSchedule(config: CounselingConfig): Schedule {
  return { locks: SLOT_LOCKS, bookings: BOOKINGS, providerField: 'counselorId', ownerField: 'workerOpenid', idPrefix: 'B', rules: config }
}

/** No-shows as old as this can still count toward a suspension that has not ended. */
const noShowLookback = (ctx: ActionContext) =>
  new Date(ctx.now.getTime() - ctx.config.counseling.noShowWindowMs - ctx.config.counseling.suspensionMs)

export async function checkWorkerNotSuspended(ctx: ActionContext, openid: string): Promise<Decision> {
  const { data } = await ctx.db
    .collection<BookingRecord>(BOOKINGS)
    .where({ workerOpenid: openid, status: 'no_show', start: ctx._.gte(noShowLookback(ctx)) })
    .field({ start: true })
    .limit(100)
    .get()
  return checkNotSuspended(
    data.map((booking) => new Date(booking.start)),
    ctx.now,
    ctx.config.counseling,
  )
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
  const crisis = detectCrisis(request.topic, request.description)
  const result = await bookSlot<BookingRecord>(ctx, counselingSchedule(ctx.config.counseling), {
    provider: counselor,
    start: request.start,
    alsoRead: { status: 'no_show', start: ctx._.gte(noShowLookback(ctx)) },
    check: (mine) =>
      checkNotSuspended(
        mine.filter((b) => b.status === 'no_show').map((b) => new Date(b.start)),
        ctx.now,
        ctx.config.counseling,
      ),
    build: ({ _id, start, end }) => ({
      _id,
      counselorId: counselor._id,
      workerOpenid: ctx.openid,
      start,
      end,
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
    }),
  })
  const { booking, created } = result
  if (created)
    await countInStats(ctx, booking.start, { bookings: 1, [`mode_${booking.mode}`]: 1, [`topics.${topicBucket(booking.topic)}`]: 1 })
  return result
}

/** Cancel + new booking of the same counselor in one transaction: both happen or neither. */
export async function rescheduleBooking(
  ctx: ActionContext,
  old: BookingRecord,
  counselor: CounselorRecord,
  start: Date,
  check: (current: BookingRecord) => Decision,
): Promise<{ booking: BookingRecord; created: boolean }> {
  // The same reschedule asked again (the client SDK may retry) answers the booking it made.
  if (old.status === 'cancelled' && old.rescheduledTo) {
    const earlier = await findById<BookingRecord>(ctx.db, BOOKINGS, old.rescheduledTo)
    if (earlier && new Date(earlier.start).getTime() === start.getTime()) return { booking: earlier, created: false }
  }
  const booking = await moveBooking<BookingRecord>(ctx, counselingSchedule(ctx.config.counseling), old, counselor, start, {
    check,
    build: ({ _id, start: from, end }) => ({
      ...old,
      _id,
      start: from,
      end,
      status: 'pending',
      rescheduleCount: old.rescheduleCount + 1,
      rescheduledFrom: old._id,
      rescheduledTo: null,
      confirmedAt: null,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    }),
    retire: (_current, replacement) => ({
      status: 'cancelled',
      cancellation: { by: 'worker', reason: '改期', at: ctx.now },
      rescheduledTo: replacement._id,
      updatedAt: ctx.now,
    }),
  })
  return { booking, created: true }
}

/**
 * Moves a booking to another status (functions/_lib/scheduling.ts); cancelling or declining frees the
 * slot. A change counts in the month's outcomes; a repeated request changes and counts nothing.
 */
export async function transitionBooking(
  ctx: ActionContext,
  bookingId: string,
  transition: BookingTransition,
): Promise<{ booking: BookingRecord; changed: boolean }> {
  const releasesSlot = transition.to === 'cancelled' || transition.to === 'declined'
  const result = await scheduleTransition(ctx, counselingSchedule(ctx.config.counseling), bookingId, { ...transition, releasesSlot })
  if (result.changed) await countInStats(ctx, result.booking.start, { [`outcome_${transition.to}`]: 1 })
  return result
}

/** Adds to the month's aggregate counters (the month of the session, in Shanghai). */
async function countInStats(ctx: ActionContext, start: Date, counts: Record<string, number>): Promise<void> {
  const month = shanghaiMonth(start)
  await bumpCounters(ctx, MONTHLY_STATS, month, { month }, counts)
}
