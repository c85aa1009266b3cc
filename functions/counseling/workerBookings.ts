/**
 * A worker's bookings: book (intake and consent), read one, cancel (either side), reschedule, the
 * upcoming and past lists, and feedback after a completed session.
 */
import type { ActionContext } from '../_lib/define'
import { AppError, refuseUnless } from '../_lib/envelope'
import { readPage } from '../_lib/paging'
import * as s from '../_lib/schema'
import type { Infer } from '../_lib/schema'
import { fieldMessage } from '../../domain/fieldLabels'
import {
  checkCounselorCancel,
  checkReschedule,
  checkSameCancellation,
  checkWorkerCancel,
  intakeLimits,
  validateIntake,
} from '../../domain/counseling'
import { CONSENT_VERSION } from '../../domain/counseling/consent'
import { profileRules } from '../../domain/profile'
import { checkWorkerNotSuspended, createBooking, rescheduleBooking, transitionBooking } from './bookings'
import { bookingInput, bookingRef, sessionMode } from './inputs'
import { notices, notifyCounselor, notifyWorker } from './notices'
import { BOOKINGS, type BookingRecord } from './records'
import { bookingForViewer, bookingOfWorker, counselorsById, loadCounselor } from './store'
import { counselorBookingView, workerBookingView } from './views'

/** The worker's view of a booking, with its counselor. */
export async function workerView(ctx: ActionContext, booking: BookingRecord) {
  const counselors = await counselorsById(ctx, [booking.counselorId])
  return workerBookingView(booking, counselors.get(booking.counselorId), ctx.now, ctx.config.counseling)
}

/** `consent` missing or false is CONSENT_REQUIRED (not a malformed request); `true` means the current text. */
const consentInput: s.Schema<{ version: string } | undefined> = {
  optional: true,
  parse(value, field) {
    if (value === undefined || value === null || value === false) return undefined
    if (value === true) return { version: CONSENT_VERSION }
    return s.object({ version: s.string({ min: 1, max: 20 }) }).parse(value, field)
  },
}

export const bookInput = s.object({
  counselorId: s.id(),
  start: s.instant(),
  mode: sessionMode,
  topic: s.string({ min: 1, max: intakeLimits.topicMax }),
  description: s.optional(s.string({ max: intakeLimits.descriptionMax })),
  nickname: s.optional(s.string({ max: intakeLimits.nicknameMax })),
  phone: s.string({ min: 1, max: 11, pattern: profileRules.phone.pattern, patternMessage: profileRules.phone.message }),
  consent: consentInput,
})

export async function book(ctx: ActionContext, input: Infer<typeof bookInput>) {
  const counselor = await loadCounselor(ctx, input.counselorId)
  const [field, problem] = Object.entries(validateIntake(input, counselor.modes))[0] ?? []
  if (field) throw new AppError('INVALID_ARGUMENT', fieldMessage(field, problem))
  if (!input.consent) throw new AppError('CONSENT_REQUIRED')
  const caller = await ctx.caller()
  const { booking, created } = await createBooking(ctx, counselor, {
    start: input.start,
    mode: input.mode,
    topic: input.topic,
    description: input.description ?? '',
    nickname: input.nickname,
    phone: input.phone,
    consentVersion: input.consent.version,
    clientName: input.nickname || caller.user.profile?.realName || '来访者',
  })
  if (created) await notifyCounselor(ctx, booking, notices.booked(booking))
  return workerBookingView(booking, counselor, ctx.now, ctx.config.counseling)
}

/** One booking as its worker or its counselor sees it. */
export async function viewBooking(ctx: ActionContext, { bookingId }: Infer<typeof bookingInput>) {
  const found = await bookingForViewer(ctx, bookingId)
  return found.viewer === 'worker' ? workerView(ctx, found.booking) : counselorBookingView(found.booking, ctx.now)
}

export const cancelInput = s.object({ ...bookingRef, reason: s.optional(s.string({ max: 200 })) })

/** Either side cancels: the worker until the cutoff, the counselor with a reason; the other side is told. */
export async function cancel(ctx: ActionContext, input: Infer<typeof cancelInput>) {
  const { viewer } = await bookingForViewer(ctx, input.bookingId)
  const reasonText = input.reason ?? ''
  const config = ctx.config.counseling
  const { booking: cancelled, changed } = await transitionBooking(ctx, input.bookingId, {
    to: 'cancelled',
    check: (current) => (viewer === 'worker' ? checkWorkerCancel(current, ctx.now, config) : checkCounselorCancel(current, reasonText)),
    change: { cancellation: { by: viewer, reason: reasonText, at: ctx.now } },
    sameRequest: (current) => checkSameCancellation(current, viewer),
  })
  if (changed && viewer === 'worker') await notifyCounselor(ctx, cancelled, notices.cancelledByWorker(cancelled))
  if (changed && viewer === 'counselor') await notifyWorker(ctx, cancelled, notices.cancelledByCounselor(cancelled, reasonText))
  return viewer === 'worker' ? workerView(ctx, cancelled) : counselorBookingView(cancelled, ctx.now)
}

export const rescheduleInput = s.object({ ...bookingRef, start: s.instant() })

export async function reschedule(ctx: ActionContext, input: Infer<typeof rescheduleInput>) {
  const old = await bookingOfWorker(ctx, input.bookingId)
  const counselor = await loadCounselor(ctx, old.counselorId)
  refuseUnless(await checkWorkerNotSuspended(ctx, ctx.openid))
  const { booking: moved, created } = await rescheduleBooking(
    ctx,
    { ...old, start: new Date(old.start), end: new Date(old.end) },
    counselor,
    input.start,
    (current) => checkReschedule(current, ctx.now, ctx.config.counseling),
  )
  if (created) await notifyCounselor(ctx, moved, notices.rescheduled(moved))
  return workerBookingView(moved, counselor, ctx.now, ctx.config.counseling)
}

export const myBookingsInput = s.object({ scope: s.oneOf(['upcoming', 'past'] as const), ...s.page })

export async function myBookings(ctx: ActionContext, { scope, offset = 0, pageSize = 20 }: Infer<typeof myBookingsInput>) {
  const _ = ctx._
  const open = _.in(['pending', 'confirmed'])
  const where =
    scope === 'upcoming'
      ? { workerOpenid: ctx.openid, status: open, end: _.gt(ctx.now) }
      : _.or([
          { workerOpenid: ctx.openid, end: _.lte(ctx.now) },
          { workerOpenid: ctx.openid, status: _.nin(['pending', 'confirmed']) },
        ])
  const page = await readPage(
    ctx.db
      .collection<BookingRecord>(BOOKINGS)
      .where(where)
      .orderBy('start', scope === 'upcoming' ? 'asc' : 'desc'),
    offset,
    pageSize,
  )
  const counselors = await counselorsById(
    ctx,
    page.items.map((b) => b.counselorId),
  )
  return {
    items: page.items.map((b) => workerBookingView(b, counselors.get(b.counselorId), ctx.now, ctx.config.counseling)),
    hasMore: page.hasMore,
  }
}

export const feedbackInput = s.object({ ...bookingRef, rating: s.integer({ min: 1, max: 5 }), text: s.optional(s.string({ max: 300 })) })

export async function feedback(ctx: ActionContext, input: Infer<typeof feedbackInput>) {
  const found = await bookingOfWorker(ctx, input.bookingId)
  if (found.status !== 'completed') throw new AppError('CONFLICT', '咨询完成后才能评价')
  const given = { rating: input.rating, text: input.text ?? '', at: ctx.now }
  await ctx.db
    .collection(BOOKINGS)
    .doc(found._id)
    .update({ data: { feedback: ctx._.set(given), updatedAt: ctx.now } })
  return workerView(ctx, { ...found, feedback: given })
}
