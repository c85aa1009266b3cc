import { errorMessages, type ErrorCode } from '../../domain/errors'

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
