/**
 * The counseling function's action table: who may call each action, what it accepts, and the use case
 * that answers it — finding a counselor (directory), a worker's bookings, the counselor's desk, and a
 * worker's own data (privacy).
 */
import { action, defineFunction, type DeployOptions } from '../_lib/define'
import * as s from '../_lib/schema'
import * as counselorDesk from './counselorDesk'
import * as directory from './directory'
import { bookingInput } from './inputs'
import * as privacy from './privacy'
import * as workerBookings from './workerBookings'

/** What CloudBase must know to run it: written into config.json and cloudbaserc.json by the build. */
const deployment: DeployOptions = {
  // a booking is a slot transaction retried under contention, then notices to both sides
  timeoutSeconds: 10,
  openapi: ['subscribeMessage.send'],
}

export const counselingFunction = defineFunction('counseling', deployment, {
  counselors: action({ access: 'user', input: directory.counselorsInput, handler: directory.counselors }),
  counselor: action({ access: 'user', input: directory.counselorInput, handler: directory.counselorProfile }),
  slots: action({ access: 'user', input: directory.slotsInput, handler: directory.slots }),

  book: action({ access: 'user', input: workerBookings.bookInput, handler: workerBookings.book }),
  /** the worker's or the counselor's view, by who asks */
  booking: action({ access: 'user', input: bookingInput, handler: workerBookings.viewBooking }),
  /** either side: the worker until the cutoff, the counselor with a reason */
  cancel: action({ access: 'user', input: workerBookings.cancelInput, handler: workerBookings.cancel }),
  reschedule: action({ access: 'user', input: workerBookings.rescheduleInput, handler: workerBookings.reschedule }),
  myBookings: action({ access: 'user', input: workerBookings.myBookingsInput, handler: workerBookings.myBookings }),
  feedback: action({ access: 'user', input: workerBookings.feedbackInput, handler: workerBookings.feedback }),

  updateProfile: action({ access: 'counselor', input: counselorDesk.updateProfileInput, handler: counselorDesk.updateProfile }),
  setAvailability: action({ access: 'counselor', input: counselorDesk.setAvailabilityInput, handler: counselorDesk.setAvailability }),
  counselorBookings: action({ access: 'counselor', input: counselorDesk.counselorBookingsInput, handler: counselorDesk.counselorBookings }),
  confirm: action({ access: 'counselor', input: bookingInput, handler: counselorDesk.confirm }),
  decline: action({ access: 'counselor', input: counselorDesk.declineInput, handler: counselorDesk.decline }),
  complete: action({ access: 'counselor', input: bookingInput, handler: counselorDesk.complete }),
  noShow: action({ access: 'counselor', input: bookingInput, handler: counselorDesk.noShow }),
  saveNote: action({ access: 'counselor', input: counselorDesk.saveNoteInput, handler: counselorDesk.saveNote }),
  /** only the booking's counselor reads it (checked on the booking; a former counselor account sees nothing) */
  note: action({ access: 'user', input: bookingInput, handler: counselorDesk.readNote }),

  exportMyData: action({ access: 'user', input: s.object({}), handler: privacy.exportMyData }),
  deleteMyData: action({ access: 'user', input: s.object({}), handler: privacy.deleteMyData }),
  stats: action({
    access: 'admin',
    input: privacy.statsInput,
    handler: (ctx, { months }) => privacy.counselingStats(ctx, months ?? 12),
  }),
})
