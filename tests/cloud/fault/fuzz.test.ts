/**
 * Hostile input to every field of every action of every function: an INVALID_ARGUMENT envelope within
 * a second, and not one document written. The fields come from the actions' own schemas, so an action
 * added later is covered without touching this file.
 */
import { collections } from '../../../database/collections'
import { sourceFunctions } from '../../../local-cloud/functions'
import type { LocalRuntime } from '../../../local-cloud/runtime'
import { defineFunction, type ActionSpec } from '../../../functions/_lib/define'
import type { Schema } from '../../../functions/_lib/schema'
import { sample, type Introspected } from './schemas'
import { fieldLabel } from '../../../domain/fieldLabels'
import { createTestRuntime } from '../../support/runtime'

const T0 = new Date('2027-03-01T02:00:00Z')

/** Who calls an action of each access level: a holder of that role (or the cloud itself). */
const CALLER: Record<string, { OPENID: string; SOURCE: string }> = {
  public: { OPENID: '', SOURCE: 'wx_client' },
  user: { OPENID: 'local-volunteer-1', SOURCE: 'wx_client' },
  system: { OPENID: '', SOURCE: 'wx_trigger' },
  admin: { OPENID: 'local-admin', SOURCE: 'wx_client' },
  organizer: { OPENID: 'local-organizer', SOURCE: 'wx_client' },
  counselor: { OPENID: 'local-counselor-1', SOURCE: 'wx_client' },
}

function deepObject(depth: number): unknown {
  let value: unknown = { x: 1 }
  for (let i = 0; i < depth; i++) value = { x: value }
  return value
}

/** Refused by every field whatever its type: out of every range, or too big for any request. */
const ALWAYS_REFUSED: [string, unknown][] = [
  ['1e20', 1e20],
  ['-1e20', -1e20],
  ['MAX_VALUE', Number.MAX_VALUE],
  ['an array of 100000', Array.from({ length: 100_000 }, (_, i) => i)],
  ['an object 20000 deep', deepObject(20_000)],
  ['a string of 1 MB', 'x'.repeat(1024 * 1024)],
]
/** Refused by every field that is not free text. */
const REFUSED_UNLESS_TEXT: [string, unknown][] = [
  ['"NaN"', 'NaN'],
  ['"Infinity"', 'Infinity'],
  ['"1e20"', '1e20'],
  ['"99999-01-01T00:00:00Z"', '99999-01-01T00:00:00Z'],
  ['a query operator', { $gt: '' }],
]

/** Free text: a field that takes some string such as "NaN" as it is (then such strings are not hostile to it). */
const isText = (schema: Schema<unknown>) =>
  ['NaN', 'Infinity', '1e20', 'sample-1'].some((text) => {
    try {
      schema.parse(text, 'x')
      return true
    } catch {
      return false
    }
  })

/** Every field path of an object schema, nested objects included, with its schema. */
function fields(shape: Record<string, Schema<unknown>>, prefix: string[] = []): { path: string[]; schema: Schema<unknown> }[] {
  return Object.entries(shape).flatMap(([key, schema]) => {
    const nested = (schema as Introspected).shape
    return [{ path: [...prefix, key], schema }, ...(nested ? fields(nested, [...prefix, key]) : [])]
  })
}

function withValue(base: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  const [head, ...rest] = path
  if (rest.length === 0) return { ...base, [head]: value }
  const inner = base[head]
  return { ...base, [head]: withValue(typeof inner === 'object' && inner !== null ? (inner as Record<string, unknown>) : {}, rest, value) }
}

async function dump(runtime: LocalRuntime): Promise<string> {
  const db = runtime.cloud.sdkFor({ OPENID: '', SOURCE: 'test' }).database()
  const parts: string[] = []
  for (const { name } of collections) {
    const { total } = await db.collection(name).count()
    const { data } = await db.collection(name).orderBy('_id', 'desc').limit(5).get()
    parts.push(`${name}:${total}:${JSON.stringify(data)}`)
  }
  return parts.join('\n')
}

const cases: { fn: string; action: string; access: string; path: string[]; label: string; payload: Record<string, unknown> }[] = []
for (const [fn, definition] of Object.entries(sourceFunctions)) {
  for (const [name, spec] of Object.entries(definition.actions ?? {}) as [string, ActionSpec<unknown>][]) {
    const shape = (spec.input as Introspected).shape ?? {}
    const base = (sample(spec.input as Introspected) ?? {}) as Record<string, unknown>
    for (const { path, schema } of fields(shape)) {
      const hostile = isText(schema) ? ALWAYS_REFUSED : [...ALWAYS_REFUSED, ...REFUSED_UNLESS_TEXT]
      for (const [label, value] of hostile)
        cases.push({ fn, action: name, access: spec.access, path, label, payload: withValue(base, path, value) })
    }
    // The whole payload: an action name that is not a string, and extra keys that are huge.
    cases.push({
      fn,
      action: name,
      access: spec.access,
      path: [],
      label: 'a huge unknown key',
      payload: { ...base, junk: 'x'.repeat(100_000) },
    })
  }
}

describe('hostile input to every action', () => {
  let runtime: LocalRuntime
  let before: string
  beforeAll(async () => {
    runtime = await createTestRuntime({ at: T0 })
    before = await dump(runtime)
  })
  afterAll(() => runtime.close())

  test('every function with actions is covered', () => {
    const covered = new Set(cases.map((c) => `${c.fn}.${c.action}`))
    const all = Object.entries(sourceFunctions).flatMap(([fn, definition]) =>
      Object.keys(definition.actions ?? {}).map((name) => `${fn}.${name}`),
    )
    expect([...covered].sort()).toEqual(all.sort())
    expect(cases.length).toBeGreaterThan(500)
    expect(new Set(cases.map((c) => c.fn))).toEqual(
      new Set(['user', 'activity', 'bookcase', 'counseling', 'cron', 'payNotify', 'cabinetGateway']),
    )
  })

  test('each answers INVALID_ARGUMENT naming the field, within a second, and writes nothing', async () => {
    const failures: string[] = []
    for (const c of cases) {
      const started = Date.now()
      // payNotify and cabinetGateway wrap their actions in the platform's protocols: call the actions themselves.
      const actions = defineFunction(c.fn, sourceFunctions[c.fn].actions!)
      const caller = c.fn === 'payNotify' ? { OPENID: '', SOURCE: 'wx_paycallback' } : CALLER[c.access]
      const main = actions.createMain({ cloud: runtime.cloud.sdkFor(caller), clock: runtime.clock, env: runtime.env })
      const answer: any = await main({ action: c.action, ...c.payload })
      const ms = Date.now() - started
      const field = c.path.join('.')
      const named =
        !field ||
        answer.message?.includes(field) ||
        answer.message?.includes(fieldLabel(field)) ||
        ['请求内容过大', '请求格式不正确'].includes(answer.message)
      if (answer.code !== 'INVALID_ARGUMENT' || ms > 1000 || !named)
        failures.push(`${c.fn}.${c.action} ${field || '(payload)'} = ${c.label}: ${JSON.stringify(answer).slice(0, 200)} in ${ms} ms`)
    }
    expect(failures).toEqual([])
    expect(await dump(runtime)).toBe(before)
  }, 120_000)
})
