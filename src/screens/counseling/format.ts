import { SESSION_MODE_LABELS, type SessionMode } from '@domain/counseling'
import { formatDateTimeCn, formatShanghai, shanghaiTime } from '@domain/time'
import type { Answer } from '../../../functions/contract'

/** The answers the counseling screens show, as the functions give them (instants are epoch ms). */
export type Slot = Answer<'counseling', 'slots'>['slots'][number]
export type MyBooking = Answer<'counseling', 'book'>
export type CounselorBooking = Answer<'counseling', 'confirm'>

export const modeLabel = (mode: SessionMode) => SESSION_MODE_LABELS[mode]

/** '11月24日 周二 09:00–09:50' */
export function sessionTime(start: number, end: number): string {
  return `${formatDateTimeCn(new Date(start))}–${shanghaiTime(new Date(end))}`
}

export function slotLabel(start: number): string {
  return formatShanghai(new Date(start), 'M月D日 HH:mm')
}

export const PAGES = {
  counselors: '/packages/counseling/pages/counselors/index',
  counselor: '/packages/counseling/pages/counselor/index',
  book: '/packages/counseling/pages/book/index',
  myBookings: '/packages/counseling/pages/my-bookings/index',
  counselorBookings: '/packages/counseling/pages/counselor-bookings/index',
  availability: '/packages/counseling/pages/availability/index',
  counselorProfile: '/packages/counseling/pages/counselor-profile/index',
}
