/**
 * The console's server side: DB requests counted per call at the database service boundary, the
 * request list, the read-only data browser (where() syntax, counseling personal fields as length
 * only), personas, and the console refused outside local mode.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import { createLocalRuntime, type LocalRuntime } from '../../local-cloud/runtime'
import { createServer } from '../../local-cloud/server/server'
import { devControls } from '../../local-cloud/server/dev-controls'
import { parseWhere, WhereSyntaxError } from '../../local-cloud/console/where'
import { PaySheet, paySheet } from '../../local-cloud/console/pay-sheet'
import { book, counselingRuntime, at } from './counseling/support'
import { expectOk } from '../support/runtime'

let runtime: LocalRuntime
let control: ReturnType<typeof devControls>

beforeAll(async () => {
  runtime = await counselingRuntime()
  control = devControls(runtime)
})
afterAll(() => runtime.close())

const get = async (route: string) => control('GET', new URL(`http://localhost/__local/${route}`), {})
const post = async (route: string, body: Record<string, unknown> = {}) =>
  control('POST', new URL(`http://localhost/__local/${route}`), body)

describe('DB requests per call', () => {
  test('a read-only call counts reads only; a transactional call counts its transaction steps', async () => {
    runtime.calls.clear()
    expectOk(await runtime.call('user', 'local-volunteer-1', { action: 'me' }))
    expectOk(await runtime.call('bookcase', 'local-volunteer-1', { action: 'payDeposit' }))
    const [payDeposit, me] = runtime.calls.list()
    expect(me).toMatchObject({ fn: 'user', action: 'me', openid: 'local-volunteer-1', source: 'wx_client', ok: true })
    expect(me.db.reads).toBeGreaterThan(0)
    expect(me.db.transaction).toBe(0)
    expect(payDeposit).toMatchObject({ fn: 'bookcase', action: 'payDeposit', ok: true })
    expect(payDeposit.db.reads + payDeposit.db.writes + payDeposit.db.transaction).toBeGreaterThan(0)
  })

  test('every request reaching the database service is counted once, against its own call, also when calls overlap', async () => {
    runtime.calls.clear()
    const db = runtime.cloud.sdkFor({ OPENID: '', SOURCE: 'test' }).database()
    // Outside any call (seeding, the console) nothing is counted.
    await db.collection('users').count()
    expect(runtime.calls.list()).toHaveLength(0)

    expectOk(await runtime.call('activity', 'local-volunteer-2', { action: 'list' }))
    const alone = runtime.calls.list()[0].db
    runtime.calls.clear()
    await Promise.all(Array.from({ length: 6 }, () => runtime.call('activity', 'local-volunteer-2', { action: 'list' })))
    const together = runtime.calls.list()
    expect(together).toHaveLength(6)
    for (const call of together) expect(call.db).toEqual(alone)
  })

  test("the function's call log line carries the counts", async () => {
    const lines: string[] = []
    const spy = jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line))
    const quiet = process.env.CLOUD_LOG
    delete process.env.CLOUD_LOG
    try {
      runtime.calls.clear()
      await runtime.call('user', 'local-volunteer-1', { action: 'home' })
    } finally {
      process.env.CLOUD_LOG = quiet
      spy.mockRestore()
    }
    const callLine = lines.map((line) => JSON.parse(line)).find((line) => line.event === 'call' && line.fn === 'user')
    expect(callLine).toMatchObject({ action: 'home', ok: true, db: runtime.calls.list()[0].db })
    expect(callLine.db.reads).toBeGreaterThan(0)
  })
})

describe('request list', () => {
  test('newest first, with ok/code, and each call expands to its request and answer', async () => {
    runtime.calls.clear()
    await runtime.call('user', 'local-worker', { action: 'me' })
    await runtime.call('activity', 'local-worker', { action: 'nope' })
    const list = (await get('requests')).body as any
    expect(list.data.map((call: any) => `${call.fn}.${call.action}`)).toEqual(['activity.nope', 'user.me'])
    expect(list.data[0]).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT', openid: 'local-worker' })
    expect(list.data[0].request).toBeUndefined()
    const one = (await get(`requests/one?id=${list.data[0].id}`)).body as any
    expect(JSON.parse(one.data.request)).toEqual({ action: 'nope' })
    expect(JSON.parse(one.data.answer)).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' })
  })

  test('a cabinet event is listed under its type with the HTTP outcome', async () => {
    runtime.calls.clear()
    expect((await post('cabinets/heartbeat', { cabinetId: 'cabinet-1' })).status).toBe(200)
    const [heartbeat] = ((await get('requests')).body as any).data
    expect(heartbeat).toMatchObject({ fn: 'cabinetGateway', action: 'heartbeat', ok: true, source: 'wx_http' })
  })
})

describe('data browser', () => {
  test('collections with counts; a where() query with commands, dates and regexes', async () => {
    const collections = ((await get('data')).body as any).data
    expect(collections.find((c: any) => c.name === 'users').count).toBeGreaterThanOrEqual(10)
    const q = (where: string) => get(`data/query?collection=users&where=${encodeURIComponent(where)}`)
    const volunteers = ((await q("{ _id: /^local-volunteer-/, 'profile.workUnit': _.neq('港务集团') }")).body as any).data
    expect(volunteers.total).toBe(4)
    expect(volunteers.documents).toHaveLength(4)
    const admins = ((await q('_.or([{ _id: "local-admin" }, { "roles.organizerTeams": _.size(1) }])')).body as any).data
    expect(admins.documents.map((d: any) => d._id).sort()).toEqual(['local-admin', 'local-organizer'])
    const none = ((await q("{ createdAt: _.gt(new Date('2099-01-01')) }")).body as any).data
    expect(none.total).toBe(0)
  })

  test('bad query text gets a clear message, and nothing is evaluated as code', async () => {
    for (const where of ['{ _id: ', 'process.exit(1)', '{ a: _.remove() }', '{ a: 1 } x']) {
      const answer = await get(`data/query?collection=users&where=${encodeURIComponent(where)}`)
      expect(answer.status).toBe(400)
      expect((answer.body as any).message).toMatch(/查询条件有误/)
    }
    expect(() => parseWhere('constructor.constructor("return 1")()')).toThrow(WhereSyntaxError)
    expect((await get('data/query?collection=nope')).status).toBe(400)
  })

  test('counseling records: personal fields only as their length, and not queryable', async () => {
    const booking = await book(runtime, 'local-volunteer-3', at('2026-11-24', '09:00'))
    const answer = (
      await get(
        `data/query?collection=counselingBookings&where=${encodeURIComponent(`{ _id: '${booking.bookingId ?? booking._id ?? booking.id}' }`)}`,
      )
    ).body as any
    const [doc] = answer.data.documents
    expect(doc.description).toBe('〈已隐藏 · 13 字〉')
    expect(doc.phone).toBe('〈已隐藏 · 11 字〉')
    expect(doc.topic).toBe('〈已隐藏 · 4 字〉')
    expect(JSON.stringify(answer)).not.toMatch(/13812345678|睡不好|情绪压力/)
    // The request list shows the booking call's request and answer with the same fields as length only.
    const call = runtime.calls.list().find((listed) => listed.fn === 'counseling' && listed.action === 'book')!
    const detail = ((await get(`requests/one?id=${call.id}`)).body as any).data
    expect(JSON.parse(detail.request)).toMatchObject({ action: 'book', description: '〈已隐藏 · 13 字〉', phone: '〈已隐藏 · 11 字〉' })
    expect(`${detail.request}${detail.answer}`).not.toMatch(/13812345678|睡不好|情绪压力/)
    for (const where of [
      '{ description: /睡/ }',
      "{ 'feedback.text': 'x' }",
      '{ feedback: { text: "x" } }',
      '_.or([{ phone: "13812345678" }])',
    ]) {
      const refused = await get(`data/query?collection=counselingBookings&where=${encodeURIComponent(where)}`)
      expect(refused.status).toBe(400)
      expect((refused.body as any).message).toMatch(/个人信息/)
    }
  })
})

describe('personas', () => {
  test('the seeded people with roles; a new worker is created on its first call', async () => {
    const personas = ((await get('personas')).body as any).data
    expect(personas.find((p: any) => p.openid === 'local-admin').roles).toContain('管理员')
    const created = ((await post('personas')).body as any).data
    expect(created.openid).toMatch(/^local-new-/)
    const me = expectOk<any>(await runtime.call('user', created.openid, { action: 'me' }))
    expect(me.profile).toBeNull()
    expect(((await get('personas')).body as any).data.map((p: any) => p.openid)).toContain(created.openid)
  })

  test('the clock goes back to real time', async () => {
    await post('clock', { advanceDays: 3 })
    const real = ((await post('clock/real')).body as any).data
    expect(real.frozen).toBe(false)
    expect(Math.abs(Date.parse(real.now) - Date.now())).toBeLessThan(1000)
  })
})

describe('the pay sheet', () => {
  async function newOrder(openid: string): Promise<string> {
    return expectOk<any>(await runtime.call('bookcase', openid, { action: 'payDeposit' })).outTradeNo
  }
  const account = async (openid: string) => expectOk<any>(await runtime.call('bookcase', openid, { action: 'account' }))

  afterEach(() => {
    paySheet(runtime).mode = 'auto'
  })

  test("auto (default): the app's settle pays at once, as before", async () => {
    const outTradeNo = await newOrder('local-volunteer-4')
    expect((await post('payments/settle', { outTradeNo })).body).toEqual({ errcode: 0, errmsg: 'OK' })
    expect((await runtime.cloud.payments.get(outTradeNo))?.status).toBe('SUCCESS')
  })

  test("console: the app's payment waits for the developer; 支付失败 fails it, then 支付成功 pays a new order", async () => {
    expect((await post('payments/sheet', { mode: 'console' })).status).toBe(200)
    const first = await newOrder('local-volunteer-5')
    const failing = post('payments/settle', { outTradeNo: first, succeed: true })
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(((await get('payments/sheet')).body as any).data).toEqual({ mode: 'console', waiting: [first] })
    expect((await runtime.cloud.payments.get(first))?.status).toBe('NOTPAY')
    expect((await post('payments/decide', { outTradeNo: first, succeed: false })).status).toBe(200)
    expect((await failing).body).toEqual({ ok: false, message: '支付失败' })
    expect((await runtime.cloud.payments.get(first))?.status).toBe('PAYERROR')
    expect((await account('local-volunteer-5')).balance).toBe(0)

    const second = await newOrder('local-volunteer-5')
    const paying = post('payments/settle', { outTradeNo: second, succeed: true })
    await new Promise((resolve) => setTimeout(resolve, 20))
    await post('payments/decide', { outTradeNo: second, succeed: true })
    expect((await paying).body).toEqual({ errcode: 0, errmsg: 'OK' })
    expect((await account('local-volunteer-5')).balance).toBe(4500)
    expect((await post('payments/decide', { outTradeNo: second, succeed: false })).status).toBe(400)
  })

  test('a sheet nobody answers closes: the order stays unpaid and can still be decided on the console', async () => {
    const sheet = new PaySheet(runtime, 30)
    sheet.mode = 'console'
    const outTradeNo = await newOrder('local-organizer')
    expect(await sheet.pay(outTradeNo, true)).toEqual({ outcome: 'abandoned' })
    expect((await runtime.cloud.payments.get(outTradeNo))?.status).toBe('NOTPAY')
    await sheet.decide(outTradeNo, true)
    expect((await runtime.cloud.payments.get(outTradeNo))?.status).toBe('SUCCESS')
  })
})

describe('over HTTP', () => {
  // A stand-in for the H5 build: what matters is what the server does to its entry page.
  const staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'h5-'))
  fs.writeFileSync(
    path.join(staticDir, 'index.html'),
    '<!doctype html><html><head><meta name="viewport" content="width=device-width"><title>职工服务</title></head><body></body></html>',
  )

  async function serve(local: boolean) {
    const served = await createLocalRuntime({ local, seed: false })
    const server = createServer({ runtime: served, staticDir })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    return { url, stop: async () => (await new Promise((resolve) => server.close(resolve)), await served.close()) }
  }

  test('local mode serves the console page and its bundle', async () => {
    const s = await serve(true)
    try {
      const page = await fetch(`${s.url}/__local/console/`)
      expect(page.status).toBe(200)
      expect(await page.text()).toContain('/__local/console/console.js')
      const script = await fetch(`${s.url}/__local/console/console.js`)
      expect(script.headers.get('content-type')).toMatch(/javascript/)
      expect((await script.text()).length).toBeGreaterThan(10_000)
    } finally {
      await s.stop()
    }
  }, 30000)

  test("local mode: the app's entry page moves into the console frame on a wide screen, after its viewport meta", async () => {
    const s = await serve(true)
    try {
      for (const entry of ['/', '/index.html']) {
        const html = await (await fetch(`${s.url}${entry}`)).text()
        expect(html).toMatch(/<meta name="viewport"[^>]*>.*location\.replace\('\/__local\/console\/'\+location\.hash\).*<\/head>/s)
      }
    } finally {
      await s.stop()
    }
  })

  test('LOCAL_MODE=0: the console and its data are refused, and the app is served as built', async () => {
    const s = await serve(false)
    try {
      expect(await (await fetch(`${s.url}/`)).text()).toBe(fs.readFileSync(path.join(staticDir, 'index.html'), 'utf8'))
      for (const route of ['console/', 'requests', 'data', 'data/query?collection=users', 'personas', 'inbox']) {
        expect((await fetch(`${s.url}/__local/${route}`)).status).toBe(403)
      }
    } finally {
      await s.stop()
    }
  })
})
