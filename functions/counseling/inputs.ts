/** Input pieces several counseling actions share. */
import * as s from '../_lib/schema'

export const sessionMode = s.oneOf(['online', 'in_person'] as const)
export const bookingRef = { bookingId: s.id() }
export const bookingInput = s.object(bookingRef)
