/** Telling the other side what happened to a booking, and the reminders before a session. */
import type { ActionContext } from '../_lib/define'
import { notify } from '../_lib/notify'
import { SESSION_MODE_LABELS } from '../../domain/counseling'
import { HOUR_MS, formatDateTimeCn, formatShanghai } from '../../domain/time'
import { BOOKINGS, type BookingRecord } from './records'
import { readAll } from '../_lib/paging'
import { counselorAccounts, counselorsById } from './store'

export const WORKER_PAGE = '/packages/counseling/pages/my-bookings/index'
export const COUNSELOR_PAGE = '/packages/counseling/pages/counselor-bookings/index'

/** Inbox kinds of this service: what `exportMyData` returns and `deleteMyData` removes. */
export const COUNSELING_MESSAGE_KINDS = [
  'counselingBooked',
  'counselingConfirmed',
  'counselingDeclined',
  'counselingCancelled',
  'counselingRescheduled',
  'counselingReminder',
  'counselingSuspended',
]

/** `templateData`: the subscription message for the worker, whose template the booking screen requested. */
type Event = { kind: string; title: string; body: string; templateData?: Record<string, string> }

/** The session time as a subscription message `time` keyword takes it. */
const sessionTime = (booking: BookingRecord) => formatShanghai(new Date(booking.start), 'YYYY年M月D日 HH:mm')

function when(booking: BookingRecord): string {
  return `${formatDateTimeCn(new Date(booking.start))}（${SESSION_MODE_LABELS[booking.mode]}）`
}

export async function notifyWorker(ctx: ActionContext, booking: BookingRecord, event: Event): Promise<void> {
  if (!booking.workerOpenid) return
  await notify(ctx, { openid: booking.workerOpenid, ...event, page: WORKER_PAGE, key: `${event.kind}-${booking._id}-w` })
}

export async function notifyCounselor(ctx: ActionContext, booking: BookingRecord, event: Event): Promise<void> {
  for (const openid of await counselorAccounts(ctx, booking.counselorId)) {
    await notify(ctx, { openid, ...event, page: COUNSELOR_PAGE, key: `${event.kind}-${booking._id}-${openid}` })
  }
}

export const notices = {
  booked: (booking: BookingRecord): Event => ({
    kind: 'counselingBooked',
    title: booking.urgent ? '【紧急】新的咨询预约' : '新的咨询预约',
    body: `${booking.clientName} 预约了 ${when(booking)}，主题：${booking.topic}${booking.urgent ? '。来访者描述中有危机信号，请尽快联系' : ''}`,
  }),
  rescheduled: (booking: BookingRecord): Event => ({
    kind: 'counselingRescheduled',
    title: '咨询预约已改期',
    body: `${booking.clientName} 将预约改到 ${when(booking)}，请重新确认`,
  }),
  confirmed: (booking: BookingRecord, counselorName: string): Event => ({
    kind: 'counselingConfirmed',
    title: '咨询预约已确认',
    body: `${counselorName}已确认您 ${when(booking)} 的咨询`,
    templateData: { thing1: '心理咨询预约已确认', time2: sessionTime(booking) },
  }),
  declined: (booking: BookingRecord, reason: string): Event => ({
    kind: 'counselingDeclined',
    title: '咨询预约未能安排',
    body: `您 ${when(booking)} 的预约未能安排：${reason}。欢迎选择其他时段`,
  }),
  cancelledByCounselor: (booking: BookingRecord, reason: string): Event => ({
    kind: 'counselingCancelled',
    title: '咨询预约已被取消',
    body: `咨询师取消了您 ${when(booking)} 的预约：${reason}。欢迎选择其他时段`,
  }),
  cancelledByWorker: (booking: BookingRecord): Event => ({
    kind: 'counselingCancelled',
    title: '来访者取消了预约',
    body: `${booking.clientName} 取消了 ${when(booking)} 的预约`,
  }),
  suspended: (until: string): Event => ({
    kind: 'counselingSuspended',
    title: '心理咨询预约已暂停',
    body: `您近期多次未按预约到场，${until} 前暂停预约。如有需要请拨打心理援助热线 12356`,
  }),
}

/**
 * Timed trigger: reminds both sides of confirmed sessions 24 h and 1 h before. A session already
 * less than an hour away gets only the 1-hour reminder. Notice keys make a second run send nothing.
 */
export async function sendCounselingReminders(ctx: ActionContext): Promise<{ reminded: number }> {
  const _ = ctx._
  const upcoming = await readAll(
    ctx.db
      .collection<BookingRecord>(BOOKINGS)
      .where({ status: 'confirmed', start: _.and(_.gt(ctx.now), _.lte(new Date(ctx.now.getTime() + 24 * HOUR_MS))) })
      .orderBy('start', 'asc')
      .orderBy('_id', 'asc'),
  )
  const counselors = await counselorsById(
    ctx,
    upcoming.map((b) => b.counselorId),
  )
  let reminded = 0
  for (const booking of upcoming) {
    const lead = new Date(booking.start).getTime() - ctx.now.getTime()
    const stage = lead > HOUR_MS ? '24h' : '1h'
    const soon = stage === '1h' ? '1 小时内' : '24 小时内'
    const counselor = counselors.get(booking.counselorId)
    const place = booking.mode === 'in_person' && counselor?.place ? `，地点：${counselor.place}` : ''
    const key = `counselingReminder-${stage}-${booking._id}`
    const sent = booking.workerOpenid
      ? await notify(ctx, {
          openid: booking.workerOpenid,
          kind: 'counselingReminder',
          title: '咨询即将开始',
          body: `您与${counselor?.name ?? '咨询师'}的咨询将于${soon}开始：${when(booking)}${place}`,
          templateData: { thing1: '心理咨询即将开始', time2: sessionTime(booking) },
          page: WORKER_PAGE,
          key: `${key}-w`,
        })
      : false
    for (const openid of await counselorAccounts(ctx, booking.counselorId)) {
      await notify(ctx, {
        openid,
        kind: 'counselingReminder',
        title: '咨询即将开始',
        body: `${booking.clientName} 的咨询将于${soon}开始：${when(booking)}`,
        page: COUNSELOR_PAGE,
        key: `${key}-${openid}`,
      })
    }
    if (sent) reminded++
  }
  return { reminded }
}
