import type { Availability, BookingStatus, SessionMode } from '@domain/counseling'
import { callCloud } from './cloud'

/** Instants arrive as ISO strings (JSON); screens turn them into Dates where they compute. */
export interface SlotDto {
  start: string
  end: string
}

export interface CounselorDto {
  counselorId: string
  name: string
  title: string
  specialties: string[]
  introduction: string
  modes: SessionMode[]
  place: string | null
  photo: string | null
  photoUrl?: string | null
  nextSlot?: SlotDto | null
  availability?: Availability
}

interface BookingBase {
  bookingId: string
  counselorId: string
  start: string
  end: string
  mode: SessionMode
  topic: string
  description: string
  status: BookingStatus
  statusLabel: string
  urgent: boolean
  rescheduleCount: number
  cancellation: { by: 'worker' | 'counselor'; reason: string } | null
  declineReason: string | null
  feedback: { rating: number; text: string } | null
}

export interface MyBookingDto extends BookingBase {
  nickname: string | null
  phone: string
  counselor: { counselorId: string; name: string; title: string; place: string | null } | null
  canCancel: boolean
  canReschedule: boolean
  canGiveFeedback: boolean
  hotline?: string
}

export interface CounselorBookingDto extends BookingBase {
  clientName: string
  phone: string
  crisisWords: string[]
  /** what the counselor may do now, by the server's clock */
  actions: { confirm: boolean; decline: boolean; cancel: boolean; complete: boolean; noShow: boolean }
}

export interface BookingInput {
  counselorId: string
  start: string
  mode: SessionMode
  topic: string
  description: string
  nickname?: string
  phone: string
  consent: { version: string }
}

export interface CounselorProfileInput {
  name: string
  title: string
  specialties: string[]
  introduction: string
  modes: SessionMode[]
  place?: string
  photo?: string
}

type Page<T> = { items: T[]; hasMore: boolean }

export const counselingApi = {
  counselors: (filter: { specialty?: string; mode?: SessionMode }) =>
    callCloud<{ items: CounselorDto[] }>('counseling', 'counselors', filter),
  counselor: (counselorId: string) => callCloud<CounselorDto>('counseling', 'counselor', { counselorId }),
  slots: (counselorId: string) => callCloud<{ slots: SlotDto[] }>('counseling', 'slots', { counselorId }),
  book: (input: BookingInput) => callCloud<MyBookingDto>('counseling', 'book', { ...input }),
  cancel: (bookingId: string, reason?: string) =>
    callCloud<MyBookingDto | CounselorBookingDto>('counseling', 'cancel', { bookingId, reason }),
  reschedule: (bookingId: string, start: string) => callCloud<MyBookingDto>('counseling', 'reschedule', { bookingId, start }),
  myBookings: (scope: 'upcoming' | 'past', offset = 0) => callCloud<Page<MyBookingDto>>('counseling', 'myBookings', { scope, offset }),
  feedback: (bookingId: string, rating: number, text: string) =>
    callCloud<MyBookingDto>('counseling', 'feedback', { bookingId, rating, text }),
  counselorBookings: (scope: 'today' | 'upcoming' | 'past', offset = 0) =>
    callCloud<Page<CounselorBookingDto>>('counseling', 'counselorBookings', { scope, offset }),
  confirm: (bookingId: string) => callCloud<CounselorBookingDto>('counseling', 'confirm', { bookingId }),
  decline: (bookingId: string, reason: string) => callCloud<CounselorBookingDto>('counseling', 'decline', { bookingId, reason }),
  complete: (bookingId: string) => callCloud<CounselorBookingDto>('counseling', 'complete', { bookingId }),
  noShow: (bookingId: string) => callCloud<CounselorBookingDto>('counseling', 'noShow', { bookingId }),
  note: (bookingId: string) => callCloud<{ text: string }>('counseling', 'note', { bookingId }),
  saveNote: (bookingId: string, text: string) => callCloud<{ text: string }>('counseling', 'saveNote', { bookingId, text }),
  updateProfile: (profile: CounselorProfileInput) => callCloud<CounselorDto>('counseling', 'updateProfile', { ...profile }),
  exportMyData: () => callCloud<Record<string, unknown>>('counseling', 'exportMyData'),
  deleteMyData: () => callCloud<{ anonymisedBookings: number }>('counseling', 'deleteMyData'),
  setAvailability: (availability: Availability) =>
    callCloud<{ availability: Availability }>('counseling', 'setAvailability', { ...availability }),
}
