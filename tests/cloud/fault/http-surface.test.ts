import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createLocalRuntime, type LocalRuntime } from '../../../local-cloud/runtime'
import { createServer } from '../../../local-cloud/server/server'

process.env.CLOUD_LOG = 'silent'

let runtime: LocalRuntime
let server: http.Server
let url: string

beforeAll(async () => {
  runtime = await createLocalRuntime({ local: true })
  server = createServer({ runtime })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
  await runtime.close()
})

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })

test('an unknown function answers 404 with a NOT_FOUND envelope', async () => {
  const res = await post('/cloud/noSuchFunction', JSON.stringify({ action: 'me' }), { 'X-Openid': 'local-volunteer-1' })
  expect(res.status).toBe(404)
  expect(await res.json()).toMatchObject({ ok: false, code: 'NOT_FOUND', message: expect.stringContaining('noSuchFunction') })
})

test('a body over 256 KB answers 413 with an INVALID_ARGUMENT envelope, the connection intact until then', async () => {
  const big = JSON.stringify({ action: 'me', filler: 'x'.repeat(300 * 1024) })
  const res = await post('/cloud/user', big, { 'X-Openid': 'local-volunteer-1' })
  expect(res.status).toBe(413)
  expect(await res.json()).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' })
  // A dev control too.
  const control = await post('/__local/clock', JSON.stringify({ advanceMs: 1, filler: 'x'.repeat(300 * 1024) }))
  expect(control.status).toBe(413)
  expect(await control.json()).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' })
})

test('a body of several megabytes sent slowly still gets its 413 answer', async () => {
  const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(`${url}/cloud/user`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let body = ''
      res.on('data', (chunk) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    const chunk = 'x'.repeat(64 * 1024)
    let sent = 0
    const pump = () => {
      while (sent < 4 * 1024 * 1024) {
        sent += chunk.length
        if (!req.write(chunk)) return req.once('drain', pump)
      }
      req.end()
    }
    pump()
  })
  expect(answer.status).toBe(413)
  expect(JSON.parse(answer.body)).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' })
})

test.each([
  ['POST', '/__local/clock', '{not json'],
  ['POST', '/__local/clock', '[1,2]'],
  ['POST', '/__local/clock', JSON.stringify({ set: 1e20 })],
  ['POST', '/__local/clock', JSON.stringify({ advanceMs: 'soon' })],
  ['POST', '/__local/clock', JSON.stringify({ advanceDays: 1e12 })],
  ['POST', '/__local/payments/settle', JSON.stringify({ outTradeNo: 5 })],
  ['POST', '/__local/cabinets/take', '{"cabinetId": '],
  ['POST', '/__local/cron', JSON.stringify({ job: 'noSuchJob' })],
  ['POST', '/__local/cron', JSON.stringify({ job: 1e20 })],
])('a dev control given bad input (%s %s %s) answers 400 with an envelope and changes nothing', async (_m, path, body) => {
  const before = runtime.clock.offsetMs()
  const res = await post(path, body)
  expect(res.status).toBe(400)
  expect(await res.json()).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT', message: expect.any(String) })
  expect(runtime.clock.offsetMs()).toBe(before)
})

test('an unknown dev control or path answers 404 with a NOT_FOUND envelope', async () => {
  const res = await post('/__local/nothing-here', '{}')
  expect(res.status).toBe(404)
  expect(await res.json()).toMatchObject({ ok: false, code: 'NOT_FOUND' })
})

test('settling a payment order that does not exist answers 404 with an envelope', async () => {
  const res = await post('/__local/payments/settle', JSON.stringify({ outTradeNo: 'BKnope', succeed: true }))
  expect(res.status).toBe(404)
  expect(await res.json()).toMatchObject({ ok: false, code: 'NOT_FOUND' })
})

test.each([
  ['an array nested 100000 deep', `{"action":"list","x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`],
  ['an object nested 20000 deep', `{"action":"list","x":${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}`],
  ['a huge number', '{"action":"list","offset":1e400}'],
])('over HTTP, %s answers INVALID_ARGUMENT at once', async (_label, body) => {
  const started = Date.now()
  const res = await post('/cloud/activity', body, { 'X-Openid': 'local-volunteer-1' })
  expect(await res.json()).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' })
  expect(Date.now() - started).toBeLessThan(1000)
})
