import { action, defineFunction, type ActionContext, type DeployOptions } from '../_lib/define'
import { fieldMessage } from '../../domain/fieldLabels'
import { readPage } from '../_lib/paging'
import { AppError } from '../_lib/envelope'
import * as s from '../_lib/schema'
import { acceptMedia, mediaRef, withMediaUrl, withMediaUrls } from '../_lib/media'
import { findById } from '../_lib/documents'
import { defaultConfig } from '../../domain/config'
import {
  checkBookingTransition,
  checkCounselorCancel,
  checkOutcome,
  checkReschedule,
  checkWorkerCancel,
  intakeLimits,
  suspendedUntil,
  validateAvailability,
  validateIntake,
  checkSameCancellation,
} from '../../domain/counseling'
import type { Decision } from '../../domain/errors'
import { CONSENT_VERSION } from '../../domain/counseling/consent'
import { profileRules } from '../../domain/profile'
import { DAY_MS, formatDateTimeCn, shanghaiDayEnd, shanghaiDayStart } from '../../domain/time'
import { checkWorkerNotSuspended, createBooking, rescheduleBooking, transitionBooking, type Transition } from './bookings'
import { notices, notifyCounselor, notifyWorker } from './notices'
import { counselingStats, deleteMyData, exportMyData } from './privacy'
import { BOOKINGS, COUNSELORS, NOTES, type BookingRecord, type CounselorRecord, type NoteRecord } from './records'
import {
  bookingForViewer,
  bookingOfCounselor,
  bookingOfWorker,
  counselorFreeSlots,
  counselorsById,
  loadCounselor,
  ownCounselorId,
  readAll,
} from './store'
import { counselorBookingView, counselorView, workerBookingView } from './views'

const config = defaultConfig.counseling
const mode = s.oneOf(['online', 'in_person'] as const)
const bookingRef = { bookingId: s.id() }
const reason = s.string({ min: 1, max: 200 })
const clock = s.string({ min: 5, max: 5, pattern: /^\d{2}:\d{2}$/, patternMessage: '应为时间，如 09:00' })
const dayWindow = s.object({ start: clock, end: clock })

/** `consent` missing or false is CONSENT_REQUIRED (not a malformed request); `true` means the current text. */
const consentInput: s.Schema<{ version: string } | undefined> = {
  optional: true,
  parse(value, field) {
    if (value === undefined || value === null || value === false) return undefined
    if (value === true) return { version: CONSENT_VERSION }
    return s.object({ version: s.string({ min: 1, max: 20 }) }).parse(value, field)
  },
}

const intakeInput = {
  mode,
  topic: s.string({ min: 1, max: intakeLimits.topicMax }),
  description: s.optional(s.string({ max: intakeLimits.descriptionMax })),
  nickname: s.optional(s.string({ max: intakeLimits.nicknameMax })),
  phone: s.string({ min: 1, max: 11, pattern: profileRules.phone.pattern, patternMessage: profileRules.phone.message }),
}

function refuseUnless(decision: Decision): void {
  if (!decision.ok) throw new AppError(decision.code, decision.message)
}

async function workerView(ctx: ActionContext, booking: BookingRecord) {
  const counselors = await counselorsById(ctx, [booking.counselorId])
  return workerBookingView(booking, counselors.get(booking.counselorId), ctx.now)
}

async function counselorName(ctx: ActionContext, counselorId: string): Promise<string> {
  const counselor = await findById<CounselorRecord>(ctx.db, COUNSELORS, counselorId)
  return counselor ? `${counselor.name}${counselor.title ? ` ${counselor.title}` : ''}` : '咨询师'
}

/** A counselor's status change of one of their bookings, then the worker is told when it changed. */
async function counselorTransition(
  ctx: ActionContext,
  bookingId: string,
  transition: Transition,
  tell?: (booking: BookingRecord) => Promise<unknown>,
) {
  await bookingOfCounselor(ctx, bookingId)
  const { booking, changed } = await transitionBooking(ctx, bookingId, transition)
  if (changed && tell) await tell(booking)
  return counselorBookingView(booking, ctx.now)
}

/** What CloudBase must know to run it: written into config.json and cloudbaserc.json by the build. */
const deployment: DeployOptions = {
  // a booking is a slot transaction retried under contention, then notices to both sides
  timeoutSeconds: 10,
  openapi: ['subscribeMessage.send'],
}

export const counselingFunction = defineFunction('counseling', deployment, {
  counselors: action({
    access: 'user',
    input: s.object({ specialty: s.optional(s.string({ max: 20 })), mode: s.optional(mode) }),
    async handler(ctx, filter) {
      const all = await readAll<CounselorRecord>(ctx, COUNSELORS, { active: true })
      const chosen = all.filter(
        (c) => (!filter.specialty || c.specialties.includes(filter.specialty)) && (!filter.mode || c.modes.includes(filter.mode)),
      )
      const horizon = new Date(ctx.now.getTime() + config.horizonMs + DAY_MS)
      const items = []
      for (const counselor of chosen) {
        const [next] = await counselorFreeSlots(ctx, counselor, ctx.now, horizon)
        items.push(counselorView(counselor, next ?? null))
      }
      return { items: await withMediaUrls(ctx, items, 'photo') }
    },
  }),

  counselor: action({
    access: 'user',
    input: s.object({ counselorId: s.id() }),
    async handler(ctx, { counselorId }) {
      const counselor = await loadCounselor(ctx, counselorId)
      const [next] = await counselorFreeSlots(ctx, counselor, ctx.now, new Date(ctx.now.getTime() + config.horizonMs + DAY_MS))
      return { ...(await withMediaUrl(ctx, counselorView(counselor, next ?? null), 'photo')), availability: counselor.availability }
    },
  }),

  slots: action({
    access: 'user',
    input: s.object({ counselorId: s.id(), from: s.optional(s.instant()), to: s.optional(s.instant()) }),
    async handler(ctx, input) {
      const counselor = await loadCounselor(ctx, input.counselorId)
      const from = input.from ?? ctx.now
      const to = input.to ?? new Date(ctx.now.getTime() + config.horizonMs + DAY_MS)
      if (to.getTime() <= from.getTime()) throw new AppError('INVALID_ARGUMENT', 'to：结束时间应晚于开始时间')
      if (to.getTime() - from.getTime() > config.horizonMs + DAY_MS) throw new AppError('INVALID_ARGUMENT', 'to：查询范围不能超过 15 天')
      const slots = await counselorFreeSlots(ctx, counselor, from, to)
      return { counselorId: counselor._id, slots }
    },
  }),

  book: action({
    access: 'user',
    input: s.object({ counselorId: s.id(), start: s.instant(), ...intakeInput, consent: consentInput }),
    async handler(ctx, input) {
      const counselor = await loadCounselor(ctx, input.counselorId)
      const errors = validateIntake(input, counselor.modes)
      const [field, problem] = Object.entries(errors)[0] ?? []
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
      return workerBookingView(booking, counselor, ctx.now)
    },
  }),

  booking: action({
    access: 'user',
    input: s.object(bookingRef),
    async handler(ctx, { bookingId }) {
      const { booking, viewer } = await bookingForViewer(ctx, bookingId)
      return viewer === 'worker' ? workerView(ctx, booking) : counselorBookingView(booking, ctx.now)
    },
  }),

  cancel: action({
    access: 'user',
    input: s.object({ ...bookingRef, reason: s.optional(s.string({ max: 200 })) }),
    async handler(ctx, input) {
      const { viewer } = await bookingForViewer(ctx, input.bookingId)
      const reasonText = input.reason ?? ''
      const { booking, changed } = await transitionBooking(ctx, input.bookingId, {
        to: 'cancelled',
        check: (current) => (viewer === 'worker' ? checkWorkerCancel(current, ctx.now) : checkCounselorCancel(current, reasonText)),
        change: { cancellation: { by: viewer, reason: reasonText, at: ctx.now } },
        sameRequest: (current) => checkSameCancellation(current, viewer),
      })
      if (changed && viewer === 'worker') await notifyCounselor(ctx, booking, notices.cancelledByWorker(booking))
      if (changed && viewer === 'counselor') await notifyWorker(ctx, booking, notices.cancelledByCounselor(booking, reasonText))
      return viewer === 'worker' ? workerView(ctx, booking) : counselorBookingView(booking, ctx.now)
    },
  }),

  reschedule: action({
    access: 'user',
    input: s.object({ ...bookingRef, start: s.instant() }),
    async handler(ctx, input) {
      const old = await bookingOfWorker(ctx, input.bookingId)
      const counselor = await loadCounselor(ctx, old.counselorId)
      refuseUnless(await checkWorkerNotSuspended(ctx, ctx.openid))
      const { booking, created } = await rescheduleBooking(
        ctx,
        { ...old, start: new Date(old.start), end: new Date(old.end) },
        counselor,
        input.start,
        (current) => checkReschedule(current, ctx.now),
      )
      if (created) await notifyCounselor(ctx, booking, notices.rescheduled(booking))
      return workerBookingView(booking, counselor, ctx.now)
    },
  }),

  myBookings: action({
    access: 'user',
    input: s.object({ scope: s.oneOf(['upcoming', 'past'] as const), ...s.page }),
    async handler(ctx, { scope, offset = 0, pageSize = 20 }) {
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
      return { items: page.items.map((b) => workerBookingView(b, counselors.get(b.counselorId), ctx.now)), hasMore: page.hasMore }
    },
  }),

  updateProfile: action({
    access: 'counselor',
    input: s.object({
      name: s.string({ min: 1, max: 20 }),
      title: s.string({ min: 1, max: 30 }),
      specialties: s.array(s.string({ min: 1, max: 10 }), { min: 1, max: 8 }),
      introduction: s.string({ min: 1, max: 500 }),
      modes: s.array(mode, { min: 1, max: 2 }),
      place: s.optional(s.string({ max: 60 })),
      photo: s.optional(mediaRef('photos')),
    }),
    async handler(ctx, profile) {
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
    },
  }),

  setAvailability: action({
    access: 'counselor',
    input: s.object({
      weekly: s.array(s.object({ weekday: s.integer({ min: 1, max: 7 }), start: clock, end: clock }), { max: 50 }),
      exceptions: s.optional(s.array(s.object({ date: s.calendarDate(), windows: s.array(dayWindow, { max: 10 }) }), { max: 60 })),
    }),
    async handler(ctx, input) {
      const counselorId = await ownCounselorId(ctx)
      const availability = { weekly: input.weekly as CounselorRecord['availability']['weekly'], exceptions: input.exceptions ?? [] }
      const [field, problem] = Object.entries(validateAvailability(availability))[0] ?? []
      // The availability rules name their field themselves ("每周时段：…").
      if (field) throw new AppError('INVALID_ARGUMENT', problem)
      const { stats } = await ctx.db
        .collection(COUNSELORS)
        .where({ _id: counselorId })
        .update({ data: { availability: ctx._.set(availability), updatedAt: ctx.now } })
      if (stats.updated === 0 && !(await findById(ctx.db, COUNSELORS, counselorId))) throw new AppError('NOT_FOUND', '请先完善咨询师资料')
      return { availability }
    },
  }),

  counselorBookings: action({
    access: 'counselor',
    input: s.object({ scope: s.oneOf(['today', 'upcoming', 'past'] as const), ...s.page }),
    async handler(ctx, { scope, offset = 0, pageSize = 20 }) {
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
    },
  }),

  confirm: action({
    access: 'counselor',
    input: s.object(bookingRef),
    async handler(ctx, { bookingId }) {
      return counselorTransition(
        ctx,
        bookingId,
        { to: 'confirmed', check: (b) => checkBookingTransition(b.status, 'confirmed'), change: { confirmedAt: ctx.now } },
        async (booking) => notifyWorker(ctx, booking, notices.confirmed(booking, await counselorName(ctx, booking.counselorId))),
      )
    },
  }),

  decline: action({
    access: 'counselor',
    input: s.object({ ...bookingRef, reason }),
    async handler(ctx, input) {
      return counselorTransition(
        ctx,
        input.bookingId,
        { to: 'declined', check: (b) => checkBookingTransition(b.status, 'declined'), change: { declineReason: input.reason } },
        (booking) => notifyWorker(ctx, booking, notices.declined(booking, input.reason)),
      )
    },
  }),

  complete: action({
    access: 'counselor',
    input: s.object(bookingRef),
    async handler(ctx, { bookingId }) {
      return counselorTransition(ctx, bookingId, {
        to: 'completed',
        check: (b) => checkOutcome(b, 'completed', ctx.now),
        change: { outcomeAt: ctx.now },
      })
    },
  }),

  noShow: action({
    access: 'counselor',
    input: s.object(bookingRef),
    async handler(ctx, { bookingId }) {
      return counselorTransition(
        ctx,
        bookingId,
        { to: 'no_show', check: (b) => checkOutcome(b, 'no_show', ctx.now), change: { outcomeAt: ctx.now } },
        async (booking) => {
          const noShows = await readAll<BookingRecord>(ctx, BOOKINGS, { workerOpenid: booking.workerOpenid, status: 'no_show' })
          const until = suspendedUntil(
            noShows.map((b) => new Date(b.start)),
            ctx.now,
          )
          if (until) await notifyWorker(ctx, booking, notices.suspended(formatDateTimeCn(until)))
        },
      )
    },
  }),

  saveNote: action({
    access: 'counselor',
    input: s.object({ ...bookingRef, text: s.string({ max: 5000 }) }),
    async handler(ctx, { bookingId, text }) {
      const booking = await bookingOfCounselor(ctx, bookingId)
      const note: Omit<NoteRecord, '_id'> = { counselorId: booking.counselorId, bookingId, text, updatedAt: ctx.now }
      await ctx.db.collection(NOTES).doc(bookingId).set({ data: note })
      return { bookingId, text, updatedAt: ctx.now }
    },
  }),

  note: action({
    access: 'user',
    input: s.object(bookingRef),
    async handler(ctx, { bookingId }) {
      const booking = await bookingOfCounselor(ctx, bookingId)
      const note = await findById<NoteRecord>(ctx.db, NOTES, bookingId)
      // A note stays with the counselor who wrote it, even if the booking's counselor account changes.
      if (!note || note.counselorId !== booking.counselorId) return { bookingId, text: '', updatedAt: null }
      return { bookingId, text: note.text, updatedAt: note.updatedAt }
    },
  }),

  feedback: action({
    access: 'user',
    input: s.object({ ...bookingRef, rating: s.integer({ min: 1, max: 5 }), text: s.optional(s.string({ max: 300 })) }),
    async handler(ctx, input) {
      const booking = await bookingOfWorker(ctx, input.bookingId)
      if (booking.status !== 'completed') throw new AppError('CONFLICT', '咨询完成后才能评价')
      const feedback = { rating: input.rating, text: input.text ?? '', at: ctx.now }
      await ctx.db
        .collection(BOOKINGS)
        .doc(booking._id)
        .update({ data: { feedback: ctx._.set(feedback), updatedAt: ctx.now } })
      return workerView(ctx, { ...booking, feedback })
    },
  }),

  exportMyData: action({ access: 'user', input: s.object({}), handler: (ctx) => exportMyData(ctx) }),

  deleteMyData: action({ access: 'user', input: s.object({}), handler: (ctx) => deleteMyData(ctx) }),

  stats: action({
    access: 'admin',
    input: s.object({ months: s.optional(s.integer({ min: 1, max: 36 })) }),
    handler: (ctx, { months }) => counselingStats(ctx, months ?? 12),
  }),
})
