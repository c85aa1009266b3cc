/** A worker's own counseling data (export, delete) and the admins' aggregate statistics. */
import type { ActionContext } from '../_lib/define'
import { AppError } from '../_lib/envelope'
import * as s from '../_lib/schema'
import { MESSAGES, type MessageRecord } from '../_lib/notify'
import { readAll } from '../_lib/paging'
import { isUpcomingBooking } from '../../domain/counseling'
import { COUNSELING_TOPICS } from '../../domain/counseling/consent'
import { shanghaiDate } from '../../domain/time'
import { BOOKINGS, CLIENTS, MONTHLY_STATS, NOTES, type BookingRecord, type ClientRecord } from './records'
import { COUNSELING_MESSAGE_KINDS } from './notices'
import { counselorsById } from './store'
import { ms, workerBookingView } from './views'

async function bookingsOf(ctx: ActionContext): Promise<BookingRecord[]> {
  return readAll(
    ctx.db.collection<BookingRecord>(BOOKINGS).where({ workerOpenid: ctx.openid }).orderBy('start', 'asc').orderBy('_id', 'asc'),
  )
}

function messagesOf(ctx: ActionContext) {
  return ctx.db.collection(MESSAGES).where({ openid: ctx.openid, kind: ctx._.in(COUNSELING_MESSAGE_KINDS) })
}

/**
 * Everything held about the caller's counseling: bookings with their intake and consent, the
 * consent history and the service's messages. Counselors' notes are theirs alone and not included.
 */
export async function exportMyData(ctx: ActionContext) {
  const bookings = await bookingsOf(ctx)
  const counselors = await counselorsById(
    ctx,
    bookings.map((b) => b.counselorId),
  )
  const client = (await ctx.db.collection<ClientRecord>(CLIENTS).where({ _id: ctx.openid }).get()).data[0]
  const messages = await readAll(
    ctx.db
      .collection<MessageRecord>(MESSAGES)
      .where({ openid: ctx.openid, kind: ctx._.in(COUNSELING_MESSAGE_KINDS) })
      .orderBy('createdAt', 'asc')
      .orderBy('_id', 'asc'),
  )
  return {
    exportedAt: ctx.now.getTime(),
    bookings: bookings.map((b) => workerBookingView(b, counselors.get(b.counselorId), ctx.now, ctx.config.counseling)),
    // Each booking keeps the consent given with it (a reschedule carries it over); earlier ones are on the client record.
    consents: [
      ...(client?.consents ?? []),
      ...bookings
        .filter((b) => !b.rescheduledFrom && !(client?.consents ?? []).some((c) => c.bookingId === b._id))
        .map((b) => ({ version: b.consent.version, at: b.consent.at, bookingId: b._id })),
    ].map((consent) => ({ ...consent, at: ms(consent.at) })),
    messages: messages.map(({ title, body, createdAt }) => ({ title, body, createdAt: ms(createdAt) })),
  }
}

/**
 * Erases the caller from counseling: bookings keep only what the counselor's schedule and the
 * aggregate counts need (time, counselor, mode, topic, status) and no longer point to anyone;
 * intake, phone, feedback, the notes about them, consents and messages are removed. Refused while a
 * session is still ahead, so a counselor is never left waiting for an erased person.
 */
export async function deleteMyData(ctx: ActionContext) {
  const bookings = await bookingsOf(ctx)
  if (bookings.some((b) => isUpcomingBooking({ status: b.status, end: new Date(b.end) }, ctx.now))) {
    throw new AppError('CONFLICT', '您还有未完成的预约，请先取消或等咨询结束后再删除')
  }
  const _ = ctx._
  for (const booking of bookings) {
    await ctx.db.collection(NOTES).where({ _id: booking._id }).remove()
    await ctx.db
      .collection(BOOKINGS)
      .doc(booking._id)
      .update({
        data: {
          workerOpenid: '',
          holdSlot: booking._id,
          description: '',
          nickname: null,
          clientName: '已删除的来访者',
          phone: '',
          crisisWords: [],
          consent: _.set({ version: '', at: booking.consent.at }),
          feedback: null,
          cancellation: booking.cancellation ? _.set({ ...booking.cancellation, reason: '' }) : null,
          updatedAt: ctx.now,
        },
      })
  }
  await ctx.db.collection(CLIENTS).where({ _id: ctx.openid }).remove()
  const { stats } = await messagesOf(ctx).remove()
  return { anonymisedBookings: bookings.length, deletedMessages: stats.removed }
}

interface MonthStats {
  _id: string
  month: string
  bookings?: number
  mode_online?: number
  mode_in_person?: number
  topics?: Record<string, number>
  outcome_confirmed?: number
  outcome_completed?: number
  outcome_no_show?: number
  outcome_cancelled?: number
  outcome_declined?: number
}

export const statsInput = s.object({ months: s.optional(s.integer({ min: 1, max: 36 })) })

/** Counts by month, topic and mode over the last `months` months: numbers only, about no one. */
export async function counselingStats(ctx: ActionContext, months: number) {
  const now = shanghaiDate(ctx.now)
  const [year, month] = [Number(now.slice(0, 4)), Number(now.slice(5, 7))]
  const firstIndex = year * 12 + month - 1 - (months - 1)
  const first = `${Math.floor(firstIndex / 12)}-${String((firstIndex % 12) + 1).padStart(2, '0')}`
  const docs = await readAll(
    ctx.db
      .collection<MonthStats>(MONTHLY_STATS)
      .where({ _id: ctx._.gte(first) })
      .orderBy('_id', 'asc'),
  )
  const byTopic: Record<string, number> = Object.fromEntries(COUNSELING_TOPICS.map((topic) => [topic, 0]))
  const byMode = { online: 0, in_person: 0 }
  const byMonth = docs.map((doc) => {
    for (const [topic, n] of Object.entries(doc.topics ?? {})) byTopic[topic] = (byTopic[topic] ?? 0) + n
    byMode.online += doc.mode_online ?? 0
    byMode.in_person += doc.mode_in_person ?? 0
    return {
      month: doc.month,
      bookings: doc.bookings ?? 0,
      confirmed: doc.outcome_confirmed ?? 0,
      completed: doc.outcome_completed ?? 0,
      noShow: doc.outcome_no_show ?? 0,
      cancelled: doc.outcome_cancelled ?? 0,
      declined: doc.outcome_declined ?? 0,
      topics: { ...doc.topics },
    }
  })
  return { since: first, total: byMonth.reduce((sum, m) => sum + m.bookings, 0), byMonth, byTopic, byMode }
}
