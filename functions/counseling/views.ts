/** What each side sees of counselors and bookings. */
import {
  BOOKING_STATUS_LABELS,
  CRISIS_HOTLINE,
  CRISIS_MESSAGE,
  checkReschedule,
  checkWorkerCancel,
  type Slot,
} from '../../domain/counseling'
import type { BookingRecord, CounselorRecord } from './records'

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
    ...(nextSlot === undefined ? {} : { nextSlot }),
  }
}

function sharedView(booking: BookingRecord) {
  return {
    bookingId: booking._id,
    counselorId: booking.counselorId,
    start: booking.start,
    end: booking.end,
    mode: booking.mode,
    topic: booking.topic,
    description: booking.description,
    status: booking.status,
    statusLabel: BOOKING_STATUS_LABELS[booking.status],
    urgent: booking.urgent,
    rescheduleCount: booking.rescheduleCount,
    rescheduledFrom: booking.rescheduledFrom,
    rescheduledTo: booking.rescheduledTo,
    cancellation: booking.cancellation,
    declineReason: booking.declineReason,
    feedback: booking.feedback,
  }
}

/** The worker's view: what they entered, the counselor, and what they may still do. */
export function workerBookingView(booking: BookingRecord, counselor: CounselorRecord | undefined, now: Date) {
  return {
    ...sharedView(booking),
    nickname: booking.nickname,
    phone: booking.phone,
    consent: booking.consent,
    counselor: counselor ? { counselorId: counselor._id, name: counselor.name, title: counselor.title, place: counselor.place } : null,
    canCancel: checkWorkerCancel(booking, now).ok,
    canReschedule: checkReschedule(booking, now).ok,
    canGiveFeedback: booking.status === 'completed',
    ...(booking.urgent ? { hotline: CRISIS_HOTLINE, crisisMessage: CRISIS_MESSAGE } : {}),
  }
}

/** The counselor's view: the client by the name they chose to give, and how to reach them. */
export function counselorBookingView(booking: BookingRecord) {
  return { ...sharedView(booking), clientName: booking.clientName, phone: booking.phone, crisisWords: booking.crisisWords }
}
