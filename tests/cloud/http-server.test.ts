import type { AddressInfo } from 'node:net'
import type http from 'node:http'
import { createLocalRuntime, type LocalRuntime } from '../../local-cloud/runtime'
import { createServer } from '../../local-cloud/server/server'

process.env.CLOUD_LOG = 'silent'

async function serve(local: boolean): Promise<{ runtime: LocalRuntime; server: http.Server; url: string }> {
  const runtime = await createLocalRuntime({ local })
  const server = createServer({ runtime })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { runtime, server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
}

async function stop({ runtime, server }: { runtime: LocalRuntime; server: http.Server }) {
  await new Promise((resolve) => server.close(resolve))
  await runtime.close()
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })

describe('local mode', () => {
  let s: Awaited<ReturnType<typeof serve>>
  beforeAll(async () => {
    s = await serve(true)
  })
  afterAll(() => stop(s))

  test('POST /cloud/user with X-Openid runs the real function as that user', async () => {
    const answer = await (await post(`${s.url}/cloud/user`, { action: 'me' }, { 'X-Openid': 'local-volunteer-1' })).json()
    expect(answer).toMatchObject({ ok: true, data: { openid: 'local-volunteer-1', profile: { realName: '王小明' } } })
  })

  test('a body that is not JSON gets INVALID_ARGUMENT in the envelope', async () => {
    const answer = await (await post(`${s.url}/cloud/user`, '{nope', { 'X-Openid': 'local-volunteer-1' })).json()
    expect(answer).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' })
  })

  test('the clock control advances the time every function sees', async () => {
    const before = await (await fetch(`${s.url}/__local/clock`)).json()
    const after = await (await post(`${s.url}/__local/clock`, { advanceDays: 20 })).json()
    expect(Date.parse(after.now) - Date.parse(before.now)).toBeGreaterThanOrEqual(20 * 86400000)
    expect(s.runtime.clock.now().getTime() - Date.parse(before.now)).toBeGreaterThanOrEqual(20 * 86400000)
  })

  test('a frozen clock stands still until advanced, so durations can be exact', async () => {
    const frozen = await (await post(`${s.url}/__local/clock`, { freeze: true })).json()
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect((await (await fetch(`${s.url}/__local/clock`)).json()).now).toBe(frozen.now)
    const later = await (await post(`${s.url}/__local/clock`, { advanceDays: 20 })).json()
    expect(Date.parse(later.now) - Date.parse(frozen.now)).toBe(20 * 86400000)
    const running = await (await post(`${s.url}/__local/clock`, { freeze: false })).json()
    expect(running.frozen).toBe(false)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(s.runtime.clock.now().getTime()).toBeGreaterThan(Date.parse(running.now))
  })

  test('reset restores the seed data', async () => {
    await post(
      `${s.url}/cloud/user`,
      { action: 'updateProfile', realName: '改过的', phone: '13912345678', workUnit: '别处' },
      { 'X-Openid': 'local-volunteer-1' },
    )
    expect((await post(`${s.url}/__local/reset`, {})).status).toBe(200)
    const answer = await (await post(`${s.url}/cloud/user`, { action: 'me' }, { 'X-Openid': 'local-volunteer-1' })).json()
    expect(answer.data.profile.realName).toBe('王小明')
  })
})

describe('outside local mode', () => {
  let s: Awaited<ReturnType<typeof serve>>
  beforeAll(async () => {
    s = await serve(false)
  })
  afterAll(() => stop(s))

  test('X-Openid means nothing: the call is anonymous', async () => {
    const answer = await (await post(`${s.url}/cloud/user`, { action: 'me' }, { 'X-Openid': 'local-admin' })).json()
    expect(answer).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' })
  })

  test('dev controls are refused', async () => {
    expect((await post(`${s.url}/__local/reset`, {})).status).toBe(403)
    expect((await fetch(`${s.url}/__local/clock`)).status).toBe(403)
  })
})
