/**
 * Input schemas for cloud actions: thin wrappers over valibot carrying the project's defaults. Every
 * failure names the field and says what is wrong in Chinese, because the message reaches the person
 * through the envelope. Strings are trimmed; strings (500) and arrays (100) have a length cap unless
 * told otherwise; unknown object keys are dropped (the WeChat client adds its own, such as `userInfo`).
 */
import * as v from 'valibot'
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

type Valibot = v.GenericSchema<unknown, unknown>

/**
 * `T`: what the handler gets after parsing; `W`: what a client sends (the typed contract's input —
 * e.g. an instant is sent as epoch ms and parsed into a Date). `wire` exists for the types only.
 * A hand-written schema (just `parse`) still works inside `object`, `array` and `optional`.
 */
export interface Schema<T, W = T> {
  parse(value: unknown, field: string): T
  /** Present on optional schemas so objects can tell a missing key from a wrong one. */
  readonly optional?: boolean
  readonly wire?: W
  /** The valibot schema doing the work (absent on hand-written schemas). */
  readonly valibot?: Valibot
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

/** "应为数字，收到字符串" */
const wrongType =
  (expected: string) =>
  (issue: v.BaseIssue<unknown>): string =>
    `${expected}，收到${typeName(issue.input)}`

/** The code's path of an issue (`doors[2].tags`), which fieldMessage turns into the field's name. */
function pathOf(field: string, issue: v.BaseIssue<unknown>): string {
  let path = field
  for (const item of issue.path ?? []) {
    const key = item.key as string | number
    if (item.type === 'array') path = `${path}[${key}]`
    else path = path ? `${path}.${key}` : String(key)
  }
  return path
}

function wrap<T, W = T>(schema: Valibot): Schema<T, W> {
  return {
    valibot: schema,
    parse(value, field) {
      // abortEarly: the first problem is the one reported, in the order the fields are declared.
      const result = v.safeParse(schema, value, { abortEarly: true })
      if (result.success) return result.output as T
      const [issue] = result.issues
      throw new ValidationError(pathOf(field, issue), issue.message)
    },
  }
}

/** A hand-written schema as valibot: its own refusal, reported at its own relative path. */
function toValibot(schema: Schema<unknown, unknown>): Valibot {
  if (schema.valibot) return schema.valibot
  const custom = v.pipe(
    v.unknown(),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      try {
        return schema.parse(dataset.value, '')
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error
        const at: v.IssuePathItem = { type: 'object', origin: 'value', input: {}, key: error.field, value: dataset.value }
        addIssue({ message: error.reason, path: error.field ? [at] : undefined })
        return NEVER
      }
    }),
  )
  // Keep it optional for `object`: valibot lets a key be left out only for optional-typed schemas.
  return schema.optional ? v.optional(custom) : custom
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
  return wrap(
    v.pipe(
      v.string(wrongType('应为字符串')),
      ...(trim ? [v.trim()] : []),
      v.minLength<string, number, string>(min, min <= 1 ? '不能为空' : `至少 ${min} 个字`),
      v.maxLength<string, number, string>(max, `过长，最多 ${max} 个字`),
      ...(pattern ? [v.regex(pattern, patternMessage ?? '格式不正确')] : []),
    ),
  )
}

/** Document ids and other identifiers the client echoes back. */
export function id(): Schema<string> {
  return string({ min: 1, max: 64, pattern: /^[A-Za-z0-9_-]+$/, patternMessage: '应为有效的编号' })
}

export interface NumberOptions {
  min?: number
  max?: number
}

function finiteNumber(options: NumberOptions, integerOnly: boolean): Schema<number> {
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = options
  return wrap(
    v.pipe(
      v.number(wrongType('应为数字')),
      v.finite(wrongType('应为数字')),
      ...(integerOnly ? [v.integer('应为整数')] : []),
      v.minValue<number, number, string>(min, `不能小于 ${min}`),
      v.maxValue<number, number, string>(max, `不能大于 ${max}`),
    ),
  )
}

export function integer(options: NumberOptions = {}): Schema<number> {
  return finiteNumber(options, true)
}

/** Unbounded by default only up to the safe integers: nothing the product stores is larger. */
export function number(options: NumberOptions = {}): Schema<number> {
  return finiteNumber(options, false)
}

export function boolean(): Schema<boolean> {
  return wrap(v.boolean(wrongType('应为 true 或 false')))
}

export function oneOf<const T extends readonly (string | number)[]>(values: T): Schema<T[number]> & { readonly values: T } {
  return { values, ...wrap<T[number]>(v.picklist(values, `应为 ${values.join('、')} 之一`)) }
}

/** The instants the product accepts (CONTRACT.md): from 2000 up to 2100, both UTC. */
export const EARLIEST_INSTANT_MS = Date.UTC(2000, 0, 1)
export const LATEST_INSTANT_MS = Date.UTC(2100, 0, 1)

export function isSaneInstant(ms: number): boolean {
  return Number.isFinite(ms) && ms >= EARLIEST_INSTANT_MS && ms < LATEST_INSTANT_MS
}

const NOT_AN_INSTANT = '应为时间（毫秒时间戳或带时区的 ISO 时间）'

/** An instant as sent by a client: epoch milliseconds or an ISO 8601 string with its offset, 2000–2100. */
export function instant(): Schema<Date, number> {
  return wrap(
    v.pipe(
      v.union(
        [v.number(), v.pipe(v.string(), v.maxLength(40, NOT_AN_INSTANT), v.regex(/^\d{4}-\d{2}-\d{2}T/, NOT_AN_INSTANT))],
        NOT_AN_INSTANT,
      ),
      v.transform((value) => (typeof value === 'number' ? value : Date.parse(value))),
      v.check((ms: number) => Number.isFinite(ms), NOT_AN_INSTANT),
      v.check(isSaneInstant, '时间超出范围（应在 2000 年至 2100 年之间）'),
      v.transform((ms) => new Date(ms)),
    ),
  )
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
    ...wrap<T[], W[]>(
      v.pipe(
        // The length first, so a huge array is refused before any element is looked at.
        v.array(v.unknown(), wrongType('应为数组')),
        v.minLength(min, `至少 ${min} 项`),
        v.maxLength(max, `过多，最多 ${max} 项`),
        v.array(toValibot(item)),
      ),
    ),
  }
}

/** Left out, undefined and null all mean "not given" (the key is then absent from the parsed object). */
export function optional<T, W = T>(inner: Schema<T, W>): Schema<T | undefined, W | undefined> & { readonly optional: true } {
  const schema = wrap<T | undefined, W | undefined>(
    v.pipe(
      v.nullish(toValibot(inner)),
      v.transform((value) => value ?? undefined),
    ),
  )
  return { ...schema, optional: true }
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

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * Keys whose value is undefined are absent: before parsing, so a required one reads as missing (as a
 * left-out key does); after, so optional keys given as null come out absent, not as `undefined` values.
 */
const withoutAbsent = v.transform((value: unknown) =>
  Object.fromEntries(Object.entries(value as object).filter(([, field]) => field !== undefined)),
)

function entriesOf(shape: Shape): v.ObjectEntries {
  return Object.fromEntries(Object.entries(shape).map(([key, schema]) => [key, toValibot(schema)]))
}

export function object<S extends Shape>(shape: S): ObjectSchema<S> {
  return {
    shape,
    // valibot's object takes arrays for objects: refuse them first, as people mean it.
    // `never`: the wire type is ObjectSchema's own (`wire` is a phantom for the types).
    ...wrap<ObjectOf<S>, never>(
      v.pipe(v.custom(isRecord, wrongType('应为对象')), withoutAbsent, v.object(entriesOf(shape), '缺少此项'), withoutAbsent),
    ),
  }
}

type Cases = Record<string, ObjectSchema<any>>
/** One case per tag: the case's fields plus the tag itself. */
type VariantOf<K extends string, C extends Cases> = { [Tag in keyof C & string]: { [P in K]: Tag } & Infer<C[Tag]> }[keyof C & string]
type VariantWireOf<K extends string, C extends Cases> = { [Tag in keyof C & string]: { [P in K]: Tag } & WireOf<C[Tag]> }[keyof C & string]

/**
 * A discriminated union: `key` names the case (e.g. an event's `type`), each case is an object
 * schema. An unknown tag is refused naming `key` and the tags it may take.
 */
export function variant<K extends string, C extends Cases>(
  key: K,
  cases: C,
): Schema<VariantOf<K, C>, VariantWireOf<K, C>> & { readonly key: K; readonly cases: C } {
  const tags = Object.keys(cases)
  // valibot types each option's entries from literal keys; ours are built at run time.
  const options = Object.entries(cases).map(([tag, schema]) =>
    v.object({ ...entriesOf(schema.shape), [key]: v.literal(tag) }, '缺少此项'),
  ) as unknown as v.VariantOptions<K>
  return {
    key,
    cases,
    ...wrap<VariantOf<K, C>, VariantWireOf<K, C>>(
      v.pipe(
        v.custom(isRecord, wrongType('应为对象')),
        withoutAbsent,
        v.variant(key, options, `应为 ${tags.join('、')} 之一`),
        withoutAbsent,
      ),
    ),
  }
}

/** Pagination every list action shares: a page of at most 50, production reads at most 100 a call. */
export const page = {
  offset: optional(integer({ min: 0, max: 100000 })),
  pageSize: optional(integer({ min: 1, max: 50 })),
}
