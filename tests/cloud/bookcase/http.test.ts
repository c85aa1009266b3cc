/** The bookcase over the local server's HTTP surface: the cloud endpoints, the gateway and the simulator's dev controls. */
import type { AddressInfo } from 'node:net'
import type http from 'node:http'
import { signCabinetRequest } from '../../../functions/cabinetGateway/signature'
import { createServer } from '../../../local-cloud/server/server'
import type { LocalRuntime } from '../../../local-cloud/runtime'
import { bookTag } from '../../../local-cloud/seed/bookcase'
import { createTestRuntime } from '../../support/runtime'

let runtime: LocalRuntime
let server: http.Server
let url: string

beforeAll(async () => {
  runtime = await createTestRuntime()
  server = createServer({ runtime })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
  await runtime.close()
})

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  return { status: response.status, body: await response.json() }
}

const asWorker = (data: Record<string, unknown>) => post('/cloud/bookcase', data, { 'X-Openid': 'local-volunteer-1' })

test('deposit, open, take, close and the loan, all over HTTP and the simulator controls', async () => {
  const order = await asWorker({ action: 'payDeposit' })
  expect((await post('/__local/payments/settle', { outTradeNo: order.body.data.outTradeNo })).body).toEqual({ errcode: 0, errmsg: 'OK' })
  const session = await asWorker({ action: 'openDoor', cabinetId: 'cabinet-2', door: 2 })
  expect(session.body).toMatchObject({ ok: true, data: { status: 'open' } })
  const state = await (await fetch(`${url}/__local/cabinets`)).json()
  expect(state.data.cabinets.find((c: any) => c.cabinetId === 'cabinet-2').doors[1]).toMatchObject({ door: 2, open: true })
  expect((await post('/__local/cabinets/take', { cabinetId: 'cabinet-2', door: 2, tag: 'NOT-THERE' })).status).toBe(400)
  expect((await post('/__local/cabinets/take', { cabinetId: 'cabinet-2', door: 2, tag: bookTag(12) })).status).toBe(200)
  const closed = await post('/__local/cabinets/close', { cabinetId: 'cabinet-2', door: 2 })
  expect(closed.body.data).toMatchObject({
    statusCode: 200,
    body: { ok: true, data: { type: 'doorClosed', result: { borrowed: [bookTag(12)] } } },
  })
  const loans = await asWorker({ action: 'myLoans' })
  expect(loans.body.data.current.map((l: any) => l.title)).toEqual(['人工智能通识'])
})

test('POST /cloud/cabinetGateway: signed heartbeats are accepted, forged ones refused with 401', async () => {
  const body = JSON.stringify({ type: 'heartbeat', eventId: 'http-hb-1', at: runtime.clock.now().getTime(), doors: [] })
  const timestamp = String(runtime.clock.now().getTime())
  const headers = { 'X-Cabinet-Id': 'cabinet-1', 'X-Timestamp': timestamp }
  const good = await post('/cloud/cabinetGateway', body, {
    ...headers,
    'X-Signature': signCabinetRequest('local-cabinet-secret', timestamp, body),
  })
  expect(good).toMatchObject({ status: 200, body: { ok: true } })
  const forged = await post('/cloud/cabinetGateway', body, { ...headers, 'X-Signature': signCabinetRequest('wrong', timestamp, body) })
  expect(forged).toMatchObject({ status: 401, body: { ok: false, code: 'UNAUTHENTICATED' } })
})
