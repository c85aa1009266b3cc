/**
 * The counselor's desk: their public profile and hours, their bookings by day, the decisions on each
 * booking (confirm, decline, completed, no-show) and private notes.
 */
import type { ActionContext } from '../_lib/define'
import { AppError } from '../_lib/envelope'
import { findById } from '../_lib/documents'
import { acceptMedia, mediaRef, withMediaUrl } from '../_lib/media'
import { readAll, readPage } from '../_lib/paging'
import * as s from '../_lib/schema'
import type { Infer } from '../_lib/schema'
import { checkBookingTransition, checkOutcome, suspendedUntil, validateAvailability } from '../../domain/counseling'
import { formatDateTimeCn, shanghaiDayEnd, shanghaiDayStart } from '../../domain/time'
import { transitionBooking, type BookingTransition } from './bookings'
import { bookingInput, bookingRef, sessionMode } from './inputs'
import { notices, notifyWorker } from './notices'
import { BOOKINGS, COUNSELORS, NOTES, type BookingRecord, type CounselorRecord, type NoteRecord } from './records'
import { bookingOfCounselor, ownCounselorId } from './store'
import { counselorBookingView, counselorView, ms } from './views'

const clock = s.string({ min: 5, max: 5, pattern: /^\d{2}:\d{2}$/, patternMessage: '应为时间，如 09:00' })
const dayWindow = s.object({ start: clock, end: clock })

async function counselorName(ctx: ActionContext, counselorId: string): Promise<string> {
  const counselor = await findById<CounselorRecord>(ctx.db, COUNSELORS, counselorId)
  return counselor ? `${counselor.name}${counselor.title ? ` ${counselor.title}` : ''}` : '咨询师'
}

/** A counselor's status change of one of their bookings, then the worker is told when it changed. */
async function decide(
  ctx: ActionContext,
  bookingId: string,
  transition: BookingTransition,
  tell?: (booking: BookingRecord) => Promise<unknown>,
) {
  await bookingOfCounselor(ctx, bookingId)
  const { booking, changed } = await transitionBooking(ctx, bookingId, transition)
  if (changed && tell) await tell(booking)
  return counselorBookingView(booking, ctx.now)
}

export const updateProfileInput = s.object({
  name: s.string({ min: 1, max: 20 }),
  title: s.string({ min: 1, max: 30 }),
  specialties: s.array(s.string({ min: 1, max: 10 }), { min: 1, max: 8 }),
  introduction: s.string({ min: 1, max: 500 }),
  modes: s.array(sessionMode, { min: 1, max: 2 }),
  place: s.optional(s.string({ max: 60 })),
  photo: s.optional(mediaRef('photos')),
})

export async function updateProfile(ctx: ActionContext, profile: Infer<typeof updateProfileInput>) {
  const counselorId = await ownCounselorId(ctx)
  if (profile.modes.includes('in_person') && !profile.place) throw new AppError('INVALID_ARGUMENT', '面询地点：提供面询时请填写地点')
  await acceptMedia(ctx, profile.photo, 'photos')
  const existing = await findById<CounselorRecord>(ctx.db, COUNSELORS, counselorId)
  const { _id, ...record }: CounselorRecord = {
    ...(existing ?? { _id: counselorId, availability: { weekly: [], exceptions: [] }, active: true, createdAt: ctx.now }),
    ...profile,
    modes: [...new Set(profile.modes)],
    place: profile.place ?? null,
    photo: profile.photo ?? existing?.photo ?? null,
    updatedAt: ctx.now,
  }
  await ctx.db.collection(COUNSELORS).doc(_id).set({ data: record })
  return { ...(await withMediaUrl(ctx, counselorView({ _id, ...record }), 'photo')), availability: record.availability }
}

export const setAvailabilityInput = s.object({
  weekly: s.array(s.object({ weekday: s.integer({ min: 1, max: 7 }), start: clock, end: clock }), { max: 50 }),
  exceptions: s.optional(s.array(s.object({ date: s.calendarDate(), windows: s.array(dayWindow, { max: 10 }) }), { max: 60 })),
})

export async function setAvailability(ctx: ActionContext, input: Infer<typeof setAvailabilityInput>) {
  const counselorId = await ownCounselorId(ctx)
  const availability = { weekly: input.weekly as CounselorRecord['availability']['weekly'], exceptions: input.exceptions ?? [] }
  const [field, problem] = Object.entries(validateAvailability(availability, ctx.config.counseling))[0] ?? []
  // The availability rules name their field themselves ("每周时段：…").
  if (field) throw new AppError('INVALID_ARGUMENT', problem)
  const { stats } = await ctx.db
    .collection(COUNSELORS)
    .where({ _id: counselorId })
    .update({ data: { availability: ctx._.set(availability), updatedAt: ctx.now } })
  if (stats.updated === 0 && !(await findById(ctx.db, COUNSELORS, counselorId))) throw new AppError('NOT_FOUND', '请先完善咨询师资料')
  return { availability }
}

export const counselorBookingsInput = s.object({ scope: s.oneOf(['today', 'upcoming', 'past'] as const), ...s.page })

export async function counselorBookings(ctx: ActionContext, { scope, offset = 0, pageSize = 20 }: Infer<typeof counselorBookingsInput>) {
  const counselorId = await ownCounselorId(ctx)
  const _ = ctx._
  const where =
    scope === 'today'
      ? { counselorId, start: _.and(_.gte(shanghaiDayStart(ctx.now)), _.lt(shanghaiDayEnd(ctx.now))) }
      : scope === 'upcoming'
        ? { counselorId, start: _.gte(shanghaiDayEnd(ctx.now)), status: _.in(['pending', 'confirmed']) }
        : { counselorId, start: _.lt(shanghaiDayStart(ctx.now)) }
  const page = await readPage(
    ctx.db
      .collection<BookingRecord>(BOOKINGS)
      .where(where)
      .orderBy('start', scope === 'past' ? 'desc' : 'asc'),
    offset,
    pageSize,
  )
  return { items: page.items.map((b) => counselorBookingView(b, ctx.now)), hasMore: page.hasMore }
}

export const declineInput = s.object({ ...bookingRef, reason: s.string({ min: 1, max: 200 }) })

export function confirm(ctx: ActionContext, { bookingId }: Infer<typeof bookingInput>) {
  return decide(
    ctx,
    bookingId,
    { to: 'confirmed', check: (b) => checkBookingTransition(b.status, 'confirmed'), change: { confirmedAt: ctx.now } },
    async (booking) => notifyWorker(ctx, booking, notices.confirmed(booking, await counselorName(ctx, booking.counselorId))),
  )
}

export function decline(ctx: ActionContext, input: Infer<typeof declineInput>) {
  return decide(
    ctx,
    input.bookingId,
    { to: 'declined', check: (b) => checkBookingTransition(b.status, 'declined'), change: { declineReason: input.reason } },
    (booking) => notifyWorker(ctx, booking, notices.declined(booking, input.reason)),
  )
}

export function complete(ctx: ActionContext, { bookingId }: Infer<typeof bookingInput>) {
  return decide(ctx, bookingId, { to: 'completed', check: (b) => checkOutcome(b, 'completed', ctx.now), change: { outcomeAt: ctx.now } })
}

/** A no-show that makes the 3rd in the window suspends the worker's bookings, and tells them so. */
export function noShow(ctx: ActionContext, { bookingId }: Infer<typeof bookingInput>) {
  return decide(
    ctx,
    bookingId,
    { to: 'no_show', check: (b) => checkOutcome(b, 'no_show', ctx.now), change: { outcomeAt: ctx.now } },
    async (booking) => {
      const noShows = await readAll(
        ctx.db.collection<BookingRecord>(BOOKINGS).where({ workerOpenid: booking.workerOpenid, status: 'no_show' }).orderBy('_id', 'asc'),
      )
      const until = suspendedUntil(
        noShows.map((b) => new Date(b.start)),
        ctx.now,
        ctx.config.counseling,
      )
      if (until) await notifyWorker(ctx, booking, notices.suspended(formatDateTimeCn(until)))
    },
  )
}

export const saveNoteInput = s.object({ ...bookingRef, text: s.string({ max: 5000 }) })

export async function saveNote(ctx: ActionContext, { bookingId, text }: Infer<typeof saveNoteInput>) {
  const booking = await bookingOfCounselor(ctx, bookingId)
  const note: Omit<NoteRecord, '_id'> = { counselorId: booking.counselorId, bookingId, text, updatedAt: ctx.now }
  await ctx.db.collection(NOTES).doc(bookingId).set({ data: note })
  return { bookingId, text, updatedAt: ctx.now.getTime() }
}

export async function readNote(ctx: ActionContext, { bookingId }: Infer<typeof bookingInput>) {
  const booking = await bookingOfCounselor(ctx, bookingId)
  const found = await findById<NoteRecord>(ctx.db, NOTES, bookingId)
  // A note stays with the counselor who wrote it, even if the booking's counselor account changes.
  if (!found || found.counselorId !== booking.counselorId) return { bookingId, text: '', updatedAt: null }
  return { bookingId, text: found.text, updatedAt: ms(found.updatedAt) }
}
