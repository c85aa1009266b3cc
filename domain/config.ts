/**
 * Every number PRODUCT.md calls configurable, with its default. Durations are ms (`…Ms`), money fen
 * (`…Fen`); the domain functions take the relevant section as their last, optional argument.
 */
import { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS } from './time'

export const defaultConfig = {
  activity: {
    /** a volunteer may cancel a signup until this long before start */
    cancelCutoffMs: 2 * HOUR_MS,
    /** check-in and check-out open this long before start (and close at the end) */
    checkinOpensBeforeStartMs: 30 * MINUTE_MS,
    /** the check-in QR code changes every step; a token is valid in its step and the next */
    tokenStepMs: 30 * SECOND_MS,
    capacityMax: 10000,
  },
  bookcase: {
    depositFen: 4500,
    /** free period from the borrow instant: 15 × 24 h */
    freeDays: 15,
    feePerDayFen: 100,
    /** books on loan at once */
    loanLimit: 2,
    /** how long an opened door belongs to the person who opened it */
    doorSessionMs: 2 * MINUTE_MS,
  },
  counseling: {
    sessionMinutes: 50,
    bufferMinutes: 10,
    minNoticeMs: 4 * HOUR_MS,
    horizonMs: 14 * DAY_MS,
    maxUpcomingBookings: 2,
    /** the worker may cancel or reschedule until this long before start; the counselor any time */
    workerCancelCutoffMs: 12 * HOUR_MS,
    maxReschedules: 2,
    noShowThreshold: 3,
    noShowWindowMs: 90 * DAY_MS,
    suspensionMs: 30 * DAY_MS,
  },
}

export type AppConfig = typeof defaultConfig
export type ActivityConfig = AppConfig['activity']
export type BookcaseConfig = AppConfig['bookcase']
export type CounselingConfig = AppConfig['counseling']

export type ConfigOverrides = { [S in keyof AppConfig]?: Partial<AppConfig[S]> }

/** Defaults with overrides laid over them, section by section (e.g. an environment's loan limit). */
export function makeConfig(overrides: ConfigOverrides = {}): AppConfig {
  return {
    activity: { ...defaultConfig.activity, ...overrides.activity },
    bookcase: { ...defaultConfig.bookcase, ...overrides.bookcase },
    counseling: { ...defaultConfig.counseling, ...overrides.counseling },
  }
}
