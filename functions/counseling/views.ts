/** What each side sees of counselors and bookings: instants as epoch milliseconds. */
import {
  BOOKING_STATUS_LABELS,
  CRISIS_HOTLINE,
  CRISIS_MESSAGE,
  checkBookingTransition,
  checkOutcome,
  checkReschedule,
  checkWorkerCancel,
  type Slot,
} from '../../domain/counseling'
import type { CounselingConfig } from '../../domain/config'
import type { BookingRecord, CounselorRecord } from './records'

/** Stored instants may come back as Date or (from some drivers) text: the wire has epoch ms. */
export const ms = (instant: Date | string | number): number => new Date(instant).getTime()

export const slotView = (slot: Slot) => ({ start: ms(slot.start), end: ms(slot.end) })

export function counselorView(counselor: CounselorRecord, nextSlot?: Slot | null) {
  return {
    counselorId: counselor._id,
    name: counselor.name,
    title: counselor.title,
    specialties: counselor.specialties,
    introduction: counselor.introduction,
    modes: counselor.modes,
    place: counselor.place,
    photo: counselor.photo,
    ...(nextSlot === undefined ? {} : { nextSlot: nextSlot && slotView(nextSlot) }),
  }
}

function sharedView(booking: BookingRecord) {
  return {
    bookingId: booking._id,
    counselorId: booking.counselorId,
    start: ms(booking.start),
    end: ms(booking.end),
    mode: booking.mode,
    topic: booking.topic,
    description: booking.description,
    status: booking.status,
    statusLabel: BOOKING_STATUS_LABELS[booking.status],
    urgent: booking.urgent,
    rescheduleCount: booking.rescheduleCount,
    rescheduledFrom: booking.rescheduledFrom,
    rescheduledTo: booking.rescheduledTo,
    cancellation: booking.cancellation && { ...booking.cancellation, at: ms(booking.cancellation.at) },
    declineReason: booking.declineReason,
    feedback: booking.feedback && { ...booking.feedback, at: ms(booking.feedback.at) },
  }
}

/** The worker's view: what they entered, the counselor, and what they may still do. */
export function workerBookingView(booking: BookingRecord, counselor: CounselorRecord | undefined, now: Date, config: CounselingConfig) {
  return {
    ...sharedView(booking),
    nickname: booking.nickname,
    phone: booking.phone,
    consent: { version: booking.consent.version, at: ms(booking.consent.at) },
    counselor: counselor ? { counselorId: counselor._id, name: counselor.name, title: counselor.title, place: counselor.place } : null,
    canCancel: checkWorkerCancel(booking, now, config).ok,
    canReschedule: checkReschedule(booking, now, config).ok,
    canGiveFeedback: booking.status === 'completed',
    ...(booking.urgent ? { hotline: CRISIS_HOTLINE, crisisMessage: CRISIS_MESSAGE } : {}),
  }
}

/**
 * What the counselor may do with a booking now, by the server's clock: confirm or decline while it
 * waits; cancel (with a reason) until it starts; from its start on, record 已完成 or 未到场.
 */
export function counselorActions(booking: BookingRecord, now: Date) {
  const dated = { ...booking, start: new Date(booking.start) }
  const before = now.getTime() < dated.start.getTime()
  return {
    confirm: checkBookingTransition(booking.status, 'confirmed').ok && before,
    decline: checkBookingTransition(booking.status, 'declined').ok && before,
    cancel: checkBookingTransition(booking.status, 'cancelled').ok && before,
    complete: checkOutcome(dated, 'completed', now).ok,
    noShow: checkOutcome(dated, 'no_show', now).ok,
  }
}

/** The counselor's view: the client by the name they chose to give, and how to reach them. */
export function counselorBookingView(booking: BookingRecord, now: Date) {
  return {
    ...sharedView(booking),
    clientName: booking.clientName,
    phone: booking.phone,
    crisisWords: booking.crisisWords,
    actions: counselorActions(booking, now),
  }
}
