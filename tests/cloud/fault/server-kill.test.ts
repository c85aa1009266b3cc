/**
 * The fault suite: the local cloud runs as a child process (as `npm start` runs it) and is killed with
 * SIGKILL in the middle of bursts — 300 signups for 30 seats, payment notices, cabinet door closes —
 * then restarted. After each restart the invariants hold: capacity never exceeded and the seats shown
 * equal the confirmed signups, one open loan per tag, ledger sum = balance, counters = records; the
 * people left without an answer retry and everything ends exactly as without the crashes.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { signCabinetRequest } from '../../../functions/cabinetGateway/signature'
import { collections } from '../../../database/collections'
import { createLocalRuntime } from '../../../local-cloud/runtime'

const ROOT = path.resolve(__dirname, '../../..')
const SECRET = 'local-cabinet-secret'

interface Server {
  proc: ChildProcess
  url: string
}

let dir: string
let server: Server

async function start(): Promise<Server> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'local-cloud/server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', LOCAL_CLOUD_DIR: dir, CLOUD_LOG: 'silent', LOCAL_CABINET_SECRET: SECRET },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    proc.stdout!.on('data', (chunk) => {
      out += chunk
      const match = /http:\/\/localhost:(\d+)\//.exec(out)
      if (match) resolve(`http://127.0.0.1:${match[1]}`)
    })
    proc.stderr!.on('data', (chunk) => process.stderr.write(chunk))
    proc.on('exit', (code) => reject(new Error(`server exited (${code}) before listening: ${out}`)))
  })
  return { proc, url }
}

function exited(proc: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) resolve({ code: proc.exitCode, signal: proc.signalCode })
    else proc.once('exit', (code, signal) => resolve({ code, signal }))
  })
}

async function kill(): Promise<void> {
  server.proc.kill('SIGKILL')
  await exited(server.proc)
}

/** Restarts and moves the clock past every claim a killed request left (as a minute of waiting would). */
async function restart(): Promise<void> {
  // Never two servers on one data folder.
  if (server.proc.exitCode === null && server.proc.signalCode === null) await kill()
  server = await start()
  await control('clock', { advanceMs: 61_000 })
  for (const cabinetId of ['cabinet-1', 'cabinet-2']) await control('cabinets/heartbeat', { cabinetId })
}

async function control(route: string, body: unknown): Promise<any> {
  const res = await fetch(`${server.url}/__local/${route}`, { method: 'POST', body: JSON.stringify(body) })
  return res.json()
}

async function call(fn: string, openid: string, data: Record<string, unknown>): Promise<any> {
  const res = await fetch(`${server.url}/cloud/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-openid': openid },
    body: JSON.stringify(data),
  })
  return res.json()
}

function ok<T = any>(answer: any): T {
  if (!answer?.ok) throw new Error(`expected ok, got ${JSON.stringify(answer)}`)
  return answer.data
}

/** Runs `work` for every item at once; kills the server once `killAfter` have been answered. */
async function burst<T>(items: T[], work: (item: T) => Promise<any>, killAfter?: number) {
  let answered = 0
  let killing: Promise<void> | undefined
  const results = await Promise.all(
    items.map(async (item) => {
      try {
        const answer = await work(item)
        if (++answered === killAfter) killing = kill()
        return { item, answer }
      } catch {
        return { item, answer: undefined }
      }
    }),
  )
  await killing
  return results
}

async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<unknown>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work))
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fault-suite-'))
  server = await start()
}, 60_000)
afterAll(async () => {
  if (server.proc.exitCode === null && server.proc.signalCode === null) await kill()
  fs.rmSync(dir, { recursive: true, force: true })
}, 30_000)

describe('killed mid-burst, restarted', () => {
  const people = Array.from({ length: 300 }, (_, i) => `fault-vol-${i}`)
  let activityId: string

  async function seatsState() {
    const detail = ok(await call('activity', 'local-organizer', { action: 'detail', activityId }))
    let confirmed = 0
    let waitlisted = 0
    for (let offset = 0; ; offset += 50) {
      const page = ok(await call('activity', 'local-organizer', { action: 'roster', activityId, offset, pageSize: 50 }))
      confirmed += page.items.filter((entry: any) => entry.status === 'confirmed').length
      waitlisted += page.items.filter((entry: any) => entry.status === 'waitlisted').length
      if (!page.hasMore) break
    }
    return { shownConfirmed: detail.confirmedCount, seatsLeft: detail.activity.seatsLeft, confirmed, waitlisted }
  }

  test('300 signups for 30 seats, killed three times: seats shown = records, and the retries end exactly 30 / 270', async () => {
    await inBatches(people, 30, async (openid, i = people.indexOf(openid)) =>
      ok(
        await call('user', openid, {
          action: 'updateProfile',
          realName: `志愿者${String.fromCharCode(0x4e00 + i)}`,
          phone: `139${String(i).padStart(8, '0')}`,
          workUnit: '测试单位',
        }),
      ),
    )
    const now = Date.parse((await (await fetch(`${server.url}/__local/clock`)).json()).now)
    const startAt = now + 3 * 86400_000
    activityId = ok(
      await call('activity', 'local-organizer', {
        action: 'create',
        publish: true,
        teamId: 'team-1',
        title: '故障演练活动',
        category: '环保',
        description: '',
        location: { name: '青岛站', latitude: 36.06, longitude: 120.31 },
        startAt,
        endAt: startAt + 3 * 3600_000,
        signupDeadline: startAt - 86400_000,
        capacity: 30,
        hours: 3,
        points: 30,
      }),
    ).id

    const answers = new Map<string, string>()
    const signupAll = async (who: string[], killAfter?: number) => {
      for (const { item, answer } of await burst(who, (openid) => call('activity', openid, { action: 'signup', activityId }), killAfter))
        if (answer?.ok) answers.set(item, answer.data.status)
    }
    for (const killAfter of [25, 110, 220]) {
      await signupAll(people, killAfter)
      expect(answers.size).toBeLessThan(people.length)
      await restart()
      const state = await seatsState()
      expect(state.confirmed).toBeLessThanOrEqual(30)
      expect(state.shownConfirmed).toBe(state.confirmed)
      expect(state.seatsLeft).toBe(30 - state.confirmed)
    }
    // Everyone without an answer retries until answered.
    for (let round = 0; answers.size < people.length && round < 5; round++) {
      await signupAll(people.filter((openid) => !answers.has(openid)))
      if (answers.size < people.length) await control('clock', { advanceMs: 31_000 })
    }
    expect(answers.size).toBe(people.length)
    // Each person's own view now (a repeat answers the current state).
    const final = await burst(people, (openid) => call('activity', openid, { action: 'signup', activityId }))
    const statuses = final.map(({ answer }) => ok(answer).status)
    expect(statuses.filter((status) => status === 'confirmed')).toHaveLength(30)
    expect(statuses.filter((status) => status === 'waitlisted')).toHaveLength(270)
    expect(await seatsState()).toEqual({ shownConfirmed: 30, seatsLeft: 0, confirmed: 30, waitlisted: 270 })
  }, 120_000)

  const payers = Array.from({ length: 40 }, (_, i) => `fault-pay-${i}`)

  test('payment notices killed mid-burst and delivered again: every deposit booked once, ledger sum = balance', async () => {
    const orders = await Promise.all(payers.map(async (openid) => ok(await call('bookcase', openid, { action: 'payDeposit' })).outTradeNo))
    await burst(orders, (outTradeNo) => control('payments/settle', { outTradeNo, succeed: true }), 12)
    await restart()
    // WeChat Pay delivers again every notice it has no acknowledgement for (and some twice).
    await burst(orders, (outTradeNo) => control('payments/settle', { outTradeNo, succeed: true }))
    // Ctrl-C stops it cleanly too.
    server.proc.kill('SIGINT')
    expect(await exited(server.proc)).toEqual({ code: 0, signal: null })
    await restart()
    for (const openid of payers) {
      const account = ok(await call('bookcase', openid, { action: 'account' }))
      expect({ openid, balance: account.balance, status: account.status, entries: account.history.length }).toEqual({
        openid,
        balance: 4500,
        status: 'active',
        entries: 1,
      })
    }
  }, 60_000)

  test('door closes killed mid-burst and sent again by the cabinets: one loan per tag, counters = loans', async () => {
    const borrowers = payers.slice(0, 10)
    const { cabinets } = (await (await fetch(`${server.url}/__local/cabinets`)).json()).data
    const doors = cabinets.flatMap((cabinet: any) =>
      cabinet.doors
        .filter((door: any) => door.tags.length > 0)
        .map((door: any) => ({ cabinetId: cabinet.cabinetId, door: door.door, tags: door.tags })),
    )
    const closes = await Promise.all(
      borrowers.map(async (openid, i) => {
        const { cabinetId, door, tags } = doors[i]
        const session = ok(await call('bookcase', openid, { action: 'openDoor', cabinetId, door }))
        const at = Date.parse((await (await fetch(`${server.url}/__local/clock`)).json()).now) + 1000
        const event = { type: 'doorClosed', eventId: `fault-close-${i}`, commandId: session.sessionId, door, tags: tags.slice(1), at }
        return { cabinetId, event }
      }),
    )
    const send = async ({ cabinetId, event }: (typeof closes)[number]) => {
      const now = Date.parse((await (await fetch(`${server.url}/__local/clock`)).json()).now)
      const body = JSON.stringify({ ...event, at: Math.max(event.at, now - 1000) })
      const timestamp = String(now)
      const res = await fetch(`${server.url}/cloud/cabinetGateway`, {
        method: 'POST',
        headers: { 'x-cabinet-id': cabinetId, 'x-timestamp': timestamp, 'x-signature': signCabinetRequest(SECRET, timestamp, body) },
        body,
      })
      return res.json()
    }
    await burst(closes, send, 3)
    await restart()
    // A cabinet sends again what it has no answer for; here every close is sent again (repeats are harmless).
    const again = await burst(closes, send)
    for (const { answer } of again) expect(answer).toMatchObject({ ok: true })
    for (const openid of borrowers) expect(ok(await call('bookcase', openid, { action: 'myLoans' })).current).toHaveLength(1)
  }, 60_000)

  test('SIGTERM finishes what is in flight and closes the store; the data then holds every invariant', async () => {
    const inFlight = people.slice(0, 20).map((openid) => call('activity', openid, { action: 'detail', activityId }))
    await new Promise((resolve) => setTimeout(resolve, 20))
    server.proc.kill('SIGTERM')
    const answers = await Promise.allSettled(inFlight)
    expect(await exited(server.proc)).toEqual({ code: 0, signal: null })
    // Requests the server had accepted were answered, not cut.
    const answered = answers.flatMap((answer) => (answer.status === 'fulfilled' ? [answer.value] : []))
    expect(answered.filter((answer) => !answer.ok || answer.data.activity.id !== activityId)).toEqual([])

    const runtime = await createLocalRuntime({ dataDir: dir, seed: false })
    try {
      const db = runtime.cloud.sdkFor({ OPENID: '', SOURCE: 'test' }).database()
      const all = async (name: string, where: Record<string, unknown> = {}) => {
        const found: any[] = []
        for (;;) {
          const { data } = await db.collection(name).where(where).skip(found.length).limit(100).get()
          found.push(...data)
          if (data.length < 100) return found
        }
      }
      expect(collections.some((c) => c.name === 'activities')).toBe(true)
      // Capacity, and the seats shown equal the confirmed signups.
      for (const activity of await all('activities', { status: 'published' })) {
        const confirmed = (await all('activitySignups', { activityId: activity._id, status: 'confirmed' })).length
        expect(confirmed).toBeLessThanOrEqual(activity.capacity)
        expect({ id: activity._id, seatsLeft: activity.seatsLeft, inFlight: activity.seatsInFlight ?? [] }).toEqual({
          id: activity._id,
          seatsLeft: activity.capacity - confirmed,
          inFlight: [],
        })
      }
      // One open loan per tag; each book on loan points at its loan; the accounts count their loans.
      const open = await all('loans', { status: 'onLoan' })
      expect(new Set(open.map((loan) => loan.tag)).size).toBe(open.length)
      for (const loan of open)
        expect((await db.collection('books').doc(loan.tag).get()).data).toMatchObject({ status: 'onLoan', loanId: loan._id })
      for (const account of await all('depositAccounts')) {
        const ledger = await all('depositLedger', { openid: account._id })
        expect({ who: account._id, balance: ledger.reduce((sum, entry) => sum + entry.amount, 0) }).toEqual({
          who: account._id,
          balance: account.balance,
        })
        expect({ who: account._id, activeLoans: open.filter((loan) => loan.openid === account._id).length }).toEqual({
          who: account._id,
          activeLoans: account.activeLoans,
        })
      }
      // Every deposit paid once: 40 payers, one deposit entry each, each account full.
      for (const openid of payers) {
        const deposits = await all('depositLedger', { openid, kind: 'deposit' })
        expect({ openid, deposits: deposits.length }).toEqual({ openid, deposits: 1 })
      }
      // Cabinet loan counters equal the loans made there.
      const loans = await all('loans')
      for (const cabinetId of ['cabinet-1', 'cabinet-2']) {
        const counter = (
          await db
            .collection('monthlyStats')
            .where({ _id: `cabinet-${cabinetId}` })
            .get()
        ).data[0]
        expect({ cabinetId, loans: counter?.loans ?? 0 }).toEqual({
          cabinetId,
          loans: loans.filter((loan) => loan.borrowCabinetId === cabinetId).length,
        })
      }
    } finally {
      await runtime.close()
    }
  }, 60_000)
})
