/**
 * Input schemas for cloud actions. Every failure names the field and says what is wrong in Chinese,
 * because the message reaches the person through the envelope. Unknown object keys are dropped
 * (the WeChat client adds its own, such as `userInfo`), oversized strings and arrays are refused.
 */
import { fieldMessage } from '../../domain/fieldLabels'

export class ValidationError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    // `field` stays the code's path (for logs); the message names it as people do.
    super(field ? fieldMessage(field, reason) : reason)
  }
}

/**
 * `T`: what the handler gets after parsing; `W`: what a client sends (the typed contract's input —
 * e.g. an instant is sent as epoch ms and parsed into a Date). `wire` exists for the types only.
 */
export interface Schema<T, W = T> {
  parse(value: unknown, field: string): T
  /** Present on optional schemas so objects can tell a missing key from a wrong one. */
  readonly optional?: boolean
  readonly wire?: W
}

export type Infer<S> = S extends Schema<infer T, any> ? T : never
/** What a client sends for a schema. */
export type WireOf<S> = S extends Schema<any, infer W> ? W : never

const DEFAULT_MAX_STRING = 500
const DEFAULT_MAX_ARRAY = 100

function typeName(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return '数组'
  switch (typeof value) {
    case 'string':
      return '字符串'
    case 'number':
      return '数字'
    case 'boolean':
      return '布尔值'
    case 'object':
      return '对象'
    default:
      return typeof value
  }
}

function fail(field: string, reason: string): never {
  throw new ValidationError(field, reason)
}

export interface StringOptions {
  min?: number
  max?: number
  pattern?: RegExp
  /** Shown when the pattern does not match, e.g. "应为 11 位手机号". */
  patternMessage?: string
  trim?: boolean
}

export function string(options: StringOptions = {}): Schema<string> {
  const { min = 0, max = DEFAULT_MAX_STRING, pattern, patternMessage, trim = true } = options
  return {
    parse(value, field) {
      if (typeof value !== 'string') fail(field, `应为字符串，收到${typeName(value)}`)
      const text = trim ? value.trim() : value
      if (text.length < min) fail(field, min <= 1 ? '不能为空' : `至少 ${min} 个字`)
      if (text.length > max) fail(field, `过长，最多 ${max} 个字`)
      if (pattern && !pattern.test(text)) fail(field, patternMessage ?? '格式不正确')
      return text
    },
  }
}

/** Document ids and other identifiers the client echoes back. */
export function id(): Schema<string> {
  return string({ min: 1, max: 64, pattern: /^[A-Za-z0-9_-]+$/, patternMessage: '应为有效的编号' })
}

export interface NumberOptions {
  min?: number
  max?: number
}

export function integer(options: NumberOptions = {}): Schema<number> {
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = options
  return {
    parse(value, field) {
      if (typeof value !== 'number' || !Number.isFinite(value)) fail(field, `应为数字，收到${typeName(value)}`)
      if (!Number.isInteger(value)) fail(field, '应为整数')
      if (value < min) fail(field, `不能小于 ${min}`)
      if (value > max) fail(field, `不能大于 ${max}`)
      return value
    },
  }
}

/** Unbounded by default only up to the safe integers: nothing the product stores is larger. */
export function number(options: NumberOptions = {}): Schema<number> {
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = options
  return {
    parse(value, field) {
      if (typeof value !== 'number' || !Number.isFinite(value)) fail(field, `应为数字，收到${typeName(value)}`)
      if (value < min) fail(field, `不能小于 ${min}`)
      if (value > max) fail(field, `不能大于 ${max}`)
      return value
    },
  }
}

export function boolean(): Schema<boolean> {
  return {
    parse(value, field) {
      if (typeof value !== 'boolean') fail(field, `应为 true 或 false，收到${typeName(value)}`)
      return value
    },
  }
}

export function oneOf<const T extends readonly (string | number)[]>(values: T): Schema<T[number]> & { readonly values: T } {
  return {
    values,
    parse(value, field) {
      if (!values.includes(value as T[number])) fail(field, `应为 ${values.join('、')} 之一`)
      return value as T[number]
    },
  }
}

/** The instants the product accepts (CONTRACT.md): from 2000 up to 2100, both UTC. */
export const EARLIEST_INSTANT_MS = Date.UTC(2000, 0, 1)
export const LATEST_INSTANT_MS = Date.UTC(2100, 0, 1)

export function isSaneInstant(ms: number): boolean {
  return Number.isFinite(ms) && ms >= EARLIEST_INSTANT_MS && ms < LATEST_INSTANT_MS
}

/** An instant as sent by a client: epoch milliseconds or an ISO 8601 string with its offset, 2000–2100. */
export function instant(): Schema<Date, number> {
  return {
    parse(value, field) {
      let ms = NaN
      if (typeof value === 'number') ms = value
      else if (typeof value === 'string' && value.length <= 40 && /^\d{4}-\d{2}-\d{2}T/.test(value)) ms = Date.parse(value)
      if (Number.isNaN(ms) || !Number.isFinite(ms)) return fail(field, '应为时间（毫秒时间戳或带时区的 ISO 时间）')
      if (!isSaneInstant(ms)) return fail(field, '时间超出范围（应在 2000 年至 2100 年之间）')
      return new Date(ms)
    },
  }
}

/** A Shanghai calendar date, "YYYY-MM-DD". */
export function calendarDate(): Schema<string> {
  return string({ min: 10, max: 10, pattern: /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, patternMessage: '应为日期，如 2026-01-31' })
}

export function array<T, W = T>(
  item: Schema<T, W>,
  options: { min?: number; max?: number } = {},
): Schema<T[], W[]> & { readonly item: Schema<T, W>; readonly min: number } {
  const { min = 0, max = DEFAULT_MAX_ARRAY } = options
  return {
    item,
    min,
    parse(value, field) {
      if (!Array.isArray(value)) fail(field, `应为数组，收到${typeName(value)}`)
      if (value.length < min) fail(field, `至少 ${min} 项`)
      if (value.length > max) fail(field, `过多，最多 ${max} 项`)
      return value.map((element, index) => item.parse(element, `${field}[${index}]`))
    },
  }
}

export function optional<T, W = T>(inner: Schema<T, W>): Schema<T | undefined, W | undefined> & { readonly optional: true } {
  return {
    optional: true,
    parse(value, field) {
      return value === undefined || value === null ? undefined : inner.parse(value, field)
    },
  }
}

type Shape = Record<string, Schema<unknown, unknown>>
type ObjectOf<S extends Shape> = { [K in keyof S]: Infer<S[K]> }
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends { readonly optional: true } ? K : never }[keyof S]
/** A client may leave out the keys whose schema is optional. */
type WireObjectOf<S extends Shape> = { [K in Exclude<keyof S, OptionalKeys<S>>]: WireOf<S[K]> } & {
  [K in OptionalKeys<S>]?: WireOf<S[K]>
}

export interface ObjectSchema<S extends Shape> extends Schema<ObjectOf<S>, { [K in keyof WireObjectOf<S>]: WireObjectOf<S>[K] }> {
  /** The fields, so tests can reach every field of every action. */
  readonly shape: S
}

export function object<S extends Shape>(shape: S): ObjectSchema<S> {
  return {
    shape,
    parse(value, field) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(field, `应为对象，收到${typeName(value)}`)
      const input = value as Record<string, unknown>
      const result: Record<string, unknown> = {}
      for (const [key, schema] of Object.entries(shape)) {
        const path = field ? `${field}.${key}` : key
        if (input[key] === undefined && !schema.optional) fail(path, '缺少此项')
        const parsed = schema.parse(input[key], path)
        if (parsed !== undefined) result[key] = parsed
      }
      return result as ObjectOf<S>
    },
  }
}

/** Pagination every list action shares: a page of at most 50, production reads at most 100 a call. */
export const page = {
  offset: optional(integer({ min: 0, max: 100000 })),
  pageSize: optional(integer({ min: 1, max: 50 })),
}
