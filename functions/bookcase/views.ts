/**
 * The bookcase's answers carry instants as epoch milliseconds (the one wire format). Door sessions and
 * loans are viewed by doors.ts and loans.ts with their stored Dates; these give the views as sent.
 */
import type { sessionView } from './doors'
import type { loanView } from './loans'

/** An instant as epoch ms (documents read back hold Dates; a view may hold either). */
export const epochMs = (at: Date | number | string) => new Date(at).getTime()
export const epochMsOrNull = (at: Date | number | string | null | undefined) => (at == null ? null : epochMs(at))

/** A door session as the door screen receives it. */
export function sessionAnswer(view: ReturnType<typeof sessionView>) {
  return {
    ...view,
    expiresAt: epochMs(view.expiresAt),
    openedAt: epochMsOrNull(view.openedAt),
    closedAt: epochMsOrNull(view.closedAt),
    borrowed: view.borrowed.map((loan) => ({ ...loan, dueAt: epochMs(loan.dueAt) })),
  }
}

/** A loan as the borrower's and the admin's screens receive it. */
export function loanAnswer(view: ReturnType<typeof loanView>) {
  return { ...view, borrowedAt: epochMs(view.borrowedAt), dueAt: epochMs(view.dueAt), returnedAt: epochMsOrNull(view.returnedAt) }
}
