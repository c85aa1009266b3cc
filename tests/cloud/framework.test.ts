import { action, defineFunction } from '../../functions/_lib/define'
import { AppError } from '../../functions/_lib/envelope'
import * as s from '../../functions/_lib/schema'
import type { LocalRuntime } from '../../local-cloud/runtime'
import { createTestRuntime } from '../support/runtime'

let runtime: LocalRuntime
const writes: unknown[] = []

const probe = defineFunction('probe', {
  echo: action({
    access: 'user',
    input: s.object({
      title: s.string({ min: 2, max: 10 }),
      count: s.integer({ min: 1, max: 5 }),
      tags: s.optional(s.array(s.string({ max: 5 }), { max: 3 })),
      when: s.optional(s.instant()),
    }),
    async handler(ctx, input) {
      writes.push(input)
      return { ...input, openid: ctx.openid }
    },
  }),
  adminOnly: action({ access: 'admin', input: s.object({}), handler: async () => 'secret' }),
  organizerOnly: action({ access: 'organizer', input: s.object({}), handler: async () => 'roster' }),
  systemOnly: action({ access: 'system', input: s.object({}), handler: async () => 'ran' }),
  refuses: action({
    access: 'user',
    input: s.object({}),
    handler: async () => {
      throw new AppError('DEADLINE_PASSED')
    },
  }),
  crashes: action({
    access: 'user',
    input: s.object({}),
    handler: async () => {
      throw new Error('database password is hunter2')
    },
  }),
})

function call(data: unknown, openid = 'local-volunteer-1', source = 'wx_client') {
  return probe.createMain({ cloud: runtime.cloud.sdkFor({ OPENID: openid, SOURCE: source }), clock: runtime.clock, env: runtime.env })(data)
}

beforeAll(async () => {
  runtime = await createTestRuntime()
})
afterAll(() => runtime.close())
beforeEach(() => {
  writes.length = 0
})

describe('input validation', () => {
  test.each([
    ['not an object', 'hello', '请求格式不正确'],
    ['an array', [1, 2], '请求格式不正确'],
    ['no action', { title: 'ok' }, '缺少 action'],
    ['an unknown action', { action: 'dropTables' }, '未知操作：dropTables'],
    ['a missing field', { action: 'echo', count: 1 }, '标题：缺少此项'],
    ['a wrong type', { action: 'echo', title: 42, count: 1 }, '标题：应为字符串，收到数字'],
    ['a too long string', { action: 'echo', title: 'x'.repeat(11), count: 1 }, '标题：过长，最多 10 个字'],
    ['a non-integer', { action: 'echo', title: '标题', count: 1.5 }, 'count：应为整数'],
    ['out of range', { action: 'echo', title: '标题', count: 99 }, 'count：不能大于 5'],
    ['too many items', { action: 'echo', title: '标题', count: 1, tags: ['a', 'b', 'c', 'd'] }, 'tags：过多，最多 3 项'],
    ['a bad item', { action: 'echo', title: '标题', count: 1, tags: ['a', 7] }, 'tags 第 2 项：应为字符串，收到数字'],
    ['a bad instant', { action: 'echo', title: '标题', count: 1, when: 'tomorrow' }, 'when：应为时间（毫秒时间戳或带时区的 ISO 时间）'],
    ['a huge payload', { action: 'echo', title: '标题', count: 1, blob: 'x'.repeat(70000) }, '请求内容过大'],
  ])('%s → INVALID_ARGUMENT naming what is wrong, nothing written', async (_label, data, message) => {
    expect(await call(data)).toEqual({ ok: false, code: 'INVALID_ARGUMENT', message })
    expect(writes).toHaveLength(0)
  })

  test('valid input is parsed: trimmed, unknown keys and client transport keys dropped, instants as dates', async () => {
    const answer = await call({
      action: 'echo',
      title: '  标题  ',
      count: 2,
      when: '2026-11-23T08:00:00+08:00',
      userInfo: { openId: 'forged' },
      extra: 1,
    })
    expect(answer).toEqual({
      ok: true,
      data: { title: '标题', count: 2, when: new Date('2026-11-23T00:00:00Z'), openid: 'local-volunteer-1' },
    })
  })
})

describe('identity and roles', () => {
  test('the identity is the OPENID from the WeChat context, never from the data', async () => {
    const answer = await call({ action: 'echo', title: '标题', count: 1, openid: 'local-admin', userInfo: { openId: 'local-admin' } })
    expect(answer).toMatchObject({ ok: true, data: { openid: 'local-volunteer-1' } })
  })

  test('no OPENID → UNAUTHENTICATED', async () => {
    expect(await call({ action: 'echo', title: '标题', count: 1 }, '')).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' })
  })

  test('roles are checked against the caller record', async () => {
    expect(await call({ action: 'adminOnly' }, 'local-volunteer-1')).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(await call({ action: 'adminOnly' }, 'local-admin')).toEqual({ ok: true, data: 'secret' })
    expect(await call({ action: 'organizerOnly' }, 'local-volunteer-1')).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(await call({ action: 'organizerOnly' }, 'local-organizer')).toEqual({ ok: true, data: 'roster' })
  })

  test('system actions run only for the cloud itself (timed trigger, pay callback, another function)', async () => {
    expect(await call({ action: 'systemOnly' }, 'local-admin', 'wx_client')).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(await call({ action: 'systemOnly' }, '', 'wx_trigger')).toEqual({ ok: true, data: 'ran' })
    expect(await call({ action: 'systemOnly' }, '', 'wx_paycallback')).toEqual({ ok: true, data: 'ran' })
  })
})

describe('envelope', () => {
  test('a domain refusal carries its code and Chinese message', async () => {
    expect(await call({ action: 'refuses' })).toEqual({ ok: false, code: 'DEADLINE_PASSED', message: '报名已截止' })
  })

  test('an unexpected error answers INTERNAL without the stack or the error text', async () => {
    const answer = await call({ action: 'crashes' })
    expect(answer).toEqual({ ok: false, code: 'INTERNAL', message: '服务暂时不可用，请稍后重试' })
    expect(JSON.stringify(answer)).not.toContain('hunter2')
  })
})
