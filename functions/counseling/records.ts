/** The counseling service's collections and the shape of their documents. */
import type { Availability, BookingStatus, SessionMode } from '../../domain/counseling'

export const COUNSELORS = 'counselors'
export const BOOKINGS = 'counselingBookings'
/** One document per held slot (`_id` = counselor + start): the lock that lets a slot be booked once (functions/_lib/scheduling.ts). */
export const SLOT_LOCKS = 'slotLocks'
/** Per worker: the bookings that may still hold time (the booking limit is checked against them). */
export const CLIENTS = 'counselingClients'
export const NOTES = 'counselingNotes'
/** Aggregate counters by Shanghai month: what admins see, with nothing about any person. */
export const MONTHLY_STATS = 'counselingStats'

export interface CounselorRecord {
  _id: string
  name: string
  title: string
  specialties: string[]
  introduction: string
  modes: SessionMode[]
  /** Where in-person sessions take place. */
  place: string | null
  photo: string | null
  availability: Availability
  active: boolean
  createdAt: Date
  updatedAt: Date
}

export type CancelledBy = 'worker' | 'counselor'

export interface BookingRecord {
  _id: string
  counselorId: string
  workerOpenid: string
  start: Date
  end: Date
  mode: SessionMode
  topic: string
  description: string
  nickname: string | null
  /** What the counselor sees: the nickname, else the profile name, else a neutral word. */
  clientName: string
  phone: string
  urgent: boolean
  crisisWords: string[]
  consent: { version: string; at: Date }
  status: BookingStatus
  /** `${openid}#1` or `#2` while the booking is upcoming (unique: at most 2 per worker), else its own id */
  holdSlot: string
  rescheduleCount: number
  rescheduledFrom: string | null
  rescheduledTo: string | null
  cancellation: { by: CancelledBy; reason: string; at: Date } | null
  declineReason: string | null
  feedback: { rating: number; text: string; at: Date } | null
  confirmedAt: Date | null
  outcomeAt: Date | null
  createdAt: Date
  updatedAt: Date
}

export interface ClientRecord {
  _id: string
  holds: string[]
  consents: Array<{ version: string; at: Date; bookingId: string }>
  createdAt: Date
  updatedAt: Date
}

export interface NoteRecord {
  _id: string
  counselorId: string
  bookingId: string
  text: string
  updatedAt: Date
}

/** A counselor's slot lock (`_id` = counselor + start) is the scheduler's. */
export { slotLockId } from '../_lib/scheduling'
