/** The schema library's defaults over valibot: what every action's input gets without asking. */
import * as s from '../../functions/_lib/schema'

function refusal(schema: s.Schema<unknown, unknown>, value: unknown): { field: string; message: string } {
  try {
    schema.parse(value, '')
  } catch (error) {
    if (error instanceof s.ValidationError) return { field: error.field, message: error.message }
    throw error
  }
  throw new Error(`accepted ${JSON.stringify(value)}`)
}

test('strings are trimmed and capped at 500, arrays at 100, unless told otherwise', () => {
  expect(s.string().parse('  书柜  ', 'x')).toBe('书柜')
  expect(s.string({ trim: false }).parse(' a ', 'x')).toBe(' a ')
  expect(s.string().parse('x'.repeat(500), 'x')).toHaveLength(500)
  expect(refusal(s.object({ reason: s.string() }), { reason: 'x'.repeat(501) })).toEqual({
    field: 'reason',
    message: '原因：过长，最多 500 个字',
  })
  expect(refusal(s.object({ reason: s.string({ min: 1 }) }), { reason: '   ' }).message).toBe('原因：不能为空')
  expect(
    s.array(s.integer()).parse(
      Array.from({ length: 100 }, (_, i) => i),
      'x',
    ),
  ).toHaveLength(100)
  expect(refusal(s.object({ door: s.array(s.integer()) }), { door: Array.from({ length: 101 }, (_, i) => i) }).message).toBe(
    '柜门：过多，最多 100 项',
  )
})

test('unknown keys are dropped; optional keys left out, undefined or null come out absent', () => {
  const schema = s.object({ door: s.integer(), note: s.optional(s.string()) })
  expect(schema.parse({ door: 1, userInfo: { appId: 'x' } }, '')).toEqual({ door: 1 })
  const parsed = schema.parse({ door: 1, note: null }, '')
  expect(Object.keys(parsed)).toEqual(['door'])
  expect(refusal(schema, { note: 'x' })).toEqual({ field: 'door', message: '柜门：缺少此项' })
  expect(refusal(schema, { door: undefined })).toEqual({ field: 'door', message: '柜门：缺少此项' })
  expect(refusal(schema, [1]).message).toBe('应为对象，收到数组')
})

test('the first problem is named by its path, nested objects and array items included', () => {
  const schema = s.object({ doors: s.array(s.object({ door: s.integer({ min: 1 }), tags: s.array(s.string({ max: 3 })) })) })
  expect(
    refusal(schema, {
      doors: [
        { door: 1, tags: [] },
        { door: 2, tags: ['abc', 'abcd'] },
      ],
    }).field,
  ).toBe('doors[1].tags[1]')
  expect(refusal(schema, { doors: [{ door: 0, tags: 'x' }] })).toMatchObject({ field: 'doors[0].door' })
})

test('instants: epoch ms or ISO with offset, from 2000 up to 2100; the wire type is a number', () => {
  const when = s.instant()
  expect(when.parse(Date.UTC(2027, 0, 1), 'x')).toEqual(new Date(Date.UTC(2027, 0, 1)))
  expect(when.parse('2027-01-01T08:00:00+08:00', 'x')).toEqual(new Date(Date.UTC(2027, 0, 1)))
  expect(refusal(when, s.LATEST_INSTANT_MS).message).toBe('时间超出范围（应在 2000 年至 2100 年之间）')
  expect(refusal(when, s.EARLIEST_INSTANT_MS - 1).message).toBe('时间超出范围（应在 2000 年至 2100 年之间）')
  expect(refusal(when, '2027-01-01').message).toBe('应为时间（毫秒时间戳或带时区的 ISO 时间）')
  expect(refusal(when, Infinity).message).toBe('应为时间（毫秒时间戳或带时区的 ISO 时间）')
  const wire: s.WireOf<ReturnType<typeof s.instant>> = 0
  const input: s.WireOf<s.ObjectSchema<{ at: ReturnType<typeof s.instant>; note: ReturnType<typeof s.optional<string>> }>> = { at: wire }
  expect(input).toEqual({ at: 0 })
})

test('a hand-written schema works inside objects, its refusal named at its own path', () => {
  const yes: s.Schema<true | undefined> = {
    optional: true,
    parse(value, field) {
      if (value === undefined) return undefined
      if (value !== true) throw new s.ValidationError(field, '请勾选')
      return true
    },
  }
  const schema = s.object({ consent: yes, door: s.integer() })
  expect(schema.parse({ door: 1 }, '')).toEqual({ door: 1 })
  expect(schema.parse({ door: 1, consent: true }, '')).toEqual({ door: 1, consent: true })
  expect(refusal(s.object({ outer: schema }), { outer: { consent: 'x', door: 1 } }).field).toBe('outer.consent')
})

describe('variant: a discriminated union told apart by one key', () => {
  const event = s.variant('type', {
    opened: s.object({ door: s.integer({ min: 1 }) }),
    closed: s.object({ door: s.integer({ min: 1 }), tags: s.array(s.string()) }),
  })

  test('each case parses its own fields and keeps the tag; unknown keys are dropped', () => {
    expect(event.parse({ type: 'opened', door: 2, tags: ['x'], junk: 1 }, '')).toEqual({ type: 'opened', door: 2 })
    const closed = event.parse({ type: 'closed', door: 2, tags: [' a '] }, '')
    // The parsed type narrows by its tag: `tags` exists only on a closed event.
    expect(closed.type === 'closed' ? closed.tags : []).toEqual(['a'])
  })

  test('an unknown or missing tag, or a field wrong for its case, is refused naming the field', () => {
    expect(refusal(event, { type: 'locked', door: 1 })).toEqual({
      field: 'type',
      message: expect.stringContaining('应为 opened、closed 之一'),
    })
    expect(refusal(event, { door: 1 })).toMatchObject({ field: 'type' })
    expect(refusal(event, { type: 'closed', door: 1 })).toEqual({ field: 'tags', message: expect.stringContaining('缺少此项') })
    expect(refusal(event, { type: 'opened', door: 0 })).toEqual({ field: 'door', message: '柜门：不能小于 1' })
    expect(refusal(event, 'opened').message).toBe('应为对象，收到字符串')
  })
})
