import { errorMessages, type Decision, type ErrorCode } from '../../domain/errors'

export type Envelope<T = unknown> = { ok: true; data: T } | { ok: false; code: ErrorCode; message: string }

/** A failure the caller should see: its code and Chinese message go into the envelope. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string = errorMessages[code],
    readonly details?: Record<string, unknown>,
  ) {
    super(message)
  }
}

export function ok<T>(data: T): Envelope<T> {
  return { ok: true, data }
}

export function failure(code: ErrorCode, message: string = errorMessages[code]): Envelope<never> {
  return { ok: false, code, message }
}

/** A domain rule's refusal becomes the caller's answer; past this line the decision is known to be ok. */
export function refuseUnless<T extends object>(decision: Decision<T>): asserts decision is Extract<Decision<T>, { ok: true }> {
  if (!decision.ok) throw new AppError(decision.code, decision.message)
}
