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

/**
 * `APP_CONFIG` (JSON of overrides, e.g. `{"bookcase":{"loanLimit":3}}`) → the configuration. Unknown
 * sections or keys and values that are not positive integers are refused with a message naming them,
 * so a typo in the console never silently leaves a default in force.
 */
export function parseConfig(text: string | undefined): AppConfig {
  if (!text || !text.trim()) return makeConfig()
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new Error('APP_CONFIG is not JSON')
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('APP_CONFIG must be an object')
  const overrides: Record<string, Record<string, number>> = {}
  for (const [section, values] of Object.entries(parsed)) {
    const defaults = (defaultConfig as Record<string, Record<string, number>>)[section]
    if (!defaults) throw new Error(`APP_CONFIG: unknown section ${section}`)
    if (typeof values !== 'object' || values === null) throw new Error(`APP_CONFIG.${section} must be an object`)
    for (const [key, value] of Object.entries(values)) {
      if (!(key in defaults)) throw new Error(`APP_CONFIG.${section}.${key} is not a setting`)
      if (!Number.isSafeInteger(value) || (value as number) <= 0) throw new Error(`APP_CONFIG.${section}.${key} must be a positive integer`)
    }
    overrides[section] = values as Record<string, number>
  }
  return makeConfig(overrides as ConfigOverrides)
}

/** Refusal messages that state a configured number, so what a person reads is what is enforced. */
export function configuredMessages(config: AppConfig): Partial<Record<string, string>> {
  return {
    DEPOSIT_REQUIRED: `请先缴纳借书押金 ${formatYuan(config.bookcase.depositFen)} 元`,
    LOAN_LIMIT: `最多同时借阅 ${config.bookcase.loanLimit} 本，请先还书`,
    BOOKING_LIMIT: `最多同时保留 ${config.counseling.maxUpcomingBookings} 个未完成的预约`,
    RESCHEDULE_LIMIT: `每个预约最多改期 ${config.counseling.maxReschedules} 次`,
  }
}

function formatYuan(fen: number): string {
  return fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2)
}
