/**
 * `npm run bench`: figures, not assertions. Runs the real function code on the in-memory local cloud
 * and prints latency and throughput of the hot paths, and the DB requests each call made (counted at
 * the database service, as CloudBase bills them).
 */
import { performance } from 'node:perf_hooks'
import { createLocalRuntime, type LocalRuntime } from '../local-cloud/runtime'
import type { CallSummary } from '../local-cloud/calls'
import { cabinetSimulator } from '../local-cloud/cabinet-simulator'
import { bookTag } from '../local-cloud/seed/bookcase'

process.env.CLOUD_LOG = 'silent'

export interface BenchCase {
  name: string
  /** Prepares the data; returns the calls to time (started together). */
  prepare(runtime: LocalRuntime): Promise<(() => Promise<unknown>)[]>
  /** What is wrong with the answers (in call order), or null when every outcome is exact. */
  check?(answers: unknown[]): string | null
}

interface BenchResult {
  name: string
  calls: number
  totalMs: number
}

const failures: string[] = []

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}

async function run(bench: BenchCase): Promise<BenchResult> {
  const runtime = await createLocalRuntime()
  try {
    const calls = await bench.prepare(runtime)
    runtime.calls.clear()
    const latencies: number[] = []
    const outcomes = new Map<string, number>()
    const started = performance.now()
    const answers = await Promise.all(
      calls.map(async (call) => {
        const t0 = performance.now()
        const answer = (await call()) as { ok: boolean; code?: string }
        latencies.push(performance.now() - t0)
        const outcome = answer.ok ? 'ok' : String(answer.code)
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1)
        return answer
      }),
    )
    const total = performance.now() - started
    latencies.sort((a, b) => a - b)
    console.log(
      `${bench.name.padEnd(50)} ${String(calls.length).padStart(5)} calls  ${(total / 1000).toFixed(2).padStart(6)} s  ${(total / calls.length).toFixed(2).padStart(6)} ms/call  p50 ${percentile(latencies, 50).toFixed(0)} ms  p95 ${percentile(latencies, 95).toFixed(0)} ms  ${[...outcomes].map(([k, n]) => `${k}×${n}`).join(' ')}`,
    )
    const wrong = bench.check?.(answers)
    if (wrong) {
      failures.push(`${bench.name}: ${wrong}`)
      console.log(`    NOT EXACT: ${wrong}`)
    }
    printDbRequests(runtime)
    return { name: bench.name, calls: calls.length, totalMs: total }
  } finally {
    await runtime.close()
  }
}

/** DB requests per call, by function.action and outcome: fewest–most, and the reads / writes / transaction steps of the costliest. */
function printDbRequests(runtime: LocalRuntime): void {
  const groups = new Map<string, CallSummary[]>()
  for (const call of runtime.calls.list()) {
    const key = `${call.fn}.${call.action} ${call.ok ? 'ok' : call.code}`
    groups.set(key, [...(groups.get(key) ?? []), call])
  }
  const total = (call: CallSummary) => call.db.reads + call.db.writes + call.db.transaction
  for (const [key, group] of groups) {
    const costliest = group.reduce((a, b) => (total(b) > total(a) ? b : a))
    const fewest = Math.min(...group.map(total))
    const range = fewest === total(costliest) ? String(fewest) : `${fewest}–${total(costliest)}`
    const { reads, writes, transaction } = costliest.db
    console.log(
      `    DB requests  ${key.padEnd(40)} ${range.padStart(7)} per call  (most: ${reads} reads, ${writes} writes, ${transaction} transaction steps)`,
    )
  }
}

const HOUR_MS = 60 * 60 * 1000

/** `count` people with complete profiles, written as an import would. */
async function benchPeople(runtime: LocalRuntime, count: number, prefix: string): Promise<string[]> {
  const db = runtime.cloud.sdkFor({ OPENID: '', SOURCE: 'bench' }).database()
  const openids = Array.from({ length: count }, (_, i) => `${prefix}-${i}`)
  const now = runtime.clock.now()
  for (const [i, openid] of openids.entries()) {
    const profile = { realName: '测试志愿者', phone: `139${String(i).padStart(8, '0')}`, workUnit: '测试单位' }
    await db
      .collection('users')
      .doc(openid)
      .set({ data: { profile, roles: {}, settings: {}, createdAt: now, updatedAt: now } })
  }
  return openids
}

async function createBenchActivity(runtime: LocalRuntime, capacity: number, daysLater = 0): Promise<string> {
  const start = runtime.clock.now().getTime() + (72 + 24 * daysLater) * HOUR_MS
  const created = await runtime.call<any>('activity', 'local-organizer', {
    action: 'create',
    publish: true,
    teamId: 'team-1',
    title: '压测活动',
    category: '环保',
    description: '基准测试',
    location: { name: '测试地点', latitude: 36.06, longitude: 120.38 },
    startAt: start,
    endAt: start + 2 * HOUR_MS,
    signupDeadline: start - 24 * HOUR_MS,
    capacity,
    hours: 2,
    points: 20,
  })
  if (!created.ok) throw new Error(created.message)
  return created.data.id
}

/** `people` sign up at once for `seats`: every answer ok, exactly `seats` confirmed, the rest waitlisted 1…n. */
function signupBurst(people: number, seats: number): BenchCase {
  return {
    name: `activity.signup, ${people} people for ${seats} seats at once`,
    async prepare(runtime) {
      const activityId = await createBenchActivity(runtime, seats)
      const openids = await benchPeople(runtime, people, 'bench-vol')
      return openids.map((openid) => () => runtime.call('activity', openid, { action: 'signup', activityId }))
    },
    check(answers) {
      const data = answers.map((a: any) => a.data)
      const confirmed = data.filter((d) => d?.status === 'confirmed').length
      const places = data
        .filter((d) => d?.status === 'waitlisted')
        .map((d) => d.waitlistPosition)
        .sort((a, b) => a - b)
      const exact = confirmed === seats && places.length === people - seats && places.every((p, i) => p === i + 1)
      return exact
        ? null
        : `expected ${seats} confirmed and waitlist places 1…${people - seats}, got ${confirmed} confirmed, ${places.length} waitlisted`
    },
  }
}

/** `people` book one counselor's slot at once: exactly one booking, everyone else SLOT_TAKEN. */
function bookingBurst(people: number): BenchCase {
  return {
    name: `counseling.book, ${people} people for one slot at once`,
    async prepare(runtime) {
      const slots = await runtime.call<any>('counseling', 'local-volunteer-1', { action: 'slots', counselorId: 'counselor-1' })
      if (!slots.ok) throw new Error(slots.message)
      // In process the answer keeps its Dates; a client sends them as JSON strings.
      const start = new Date(slots.data.slots[0].start).toISOString()
      const openids = await benchPeople(runtime, people, 'bench-worker')
      const request = {
        action: 'book',
        counselorId: 'counselor-1',
        start,
        mode: 'in_person',
        topic: '情绪压力',
        phone: '13812345678',
        consent: { version: '2026-11' },
      }
      return openids.map((openid) => () => runtime.call('counseling', openid, request))
    },
    check(answers) {
      const booked = answers.filter((a: any) => a.ok).length
      const taken = answers.filter((a: any) => !a.ok && a.code === 'SLOT_TAKEN').length
      return booked === 1 && taken === people - 1 ? null : `expected 1 booking and ${people - 1} SLOT_TAKEN, got ${booked} and ${taken}`
    },
  }
}

const cases: BenchCase[] = [
  {
    name: 'user.me, 200 people at once',
    async prepare(runtime) {
      return Array.from({ length: 200 }, (_, i) => () => runtime.call('user', `bench-${i}`, { action: 'me' }))
    },
  },
  signupBurst(300, 30),
  signupBurst(1000, 100),
  signupBurst(3000, 300),
  bookingBurst(1000),
]

/** Runs `action` as one recorded call and answers its DB requests. */
async function measured(runtime: LocalRuntime, action: () => Promise<any>) {
  runtime.calls.clear()
  const answer = await action()
  if (answer && answer.ok === false) throw new Error(`${answer.code}: ${answer.message}`)
  return runtime.calls.list()[0]
}

/**
 * The table of DB requests per action (issue 13's limits beside them), measured with 300 people
 * already signed up or waiting, 20 waitlisted activities on one person's page.
 */
async function actionCosts(): Promise<void> {
  const runtime = await createLocalRuntime()
  try {
    const rows: [string, CallSummary, string][] = []
    const open = await createBenchActivity(runtime, 301)
    const full = await createBenchActivity(runtime, 100, 1)
    const people = await benchPeople(runtime, 400, 'cost-vol')
    const [me, ...others] = people
    for (const openid of others.slice(0, 300)) await runtime.call('activity', openid, { action: 'signup', activityId: open })
    for (const openid of others) await runtime.call('activity', openid, { action: 'signup', activityId: full })
    rows.push([
      'activity.signup → confirmed',
      await measured(runtime, () => runtime.call('activity', me, { action: 'signup', activityId: open })),
      '≤ 6',
    ])
    rows.push([
      'activity.signup → waitlisted',
      await measured(runtime, () => runtime.call('activity', me, { action: 'signup', activityId: full })),
      '≤ 7',
    ])
    rows.push([
      'activity.cancelSignup promoting the next',
      await measured(runtime, () => runtime.call('activity', others[0], { action: 'cancelSignup', activityId: full })),
      '≤ 8',
    ])
    rows.push([
      'activity.mySignups (a page)',
      await measured(runtime, () => runtime.call('activity', me, { action: 'mySignups', pageSize: 20 })),
      '≤ 4',
    ])
    rows.push(['activity.detail', await measured(runtime, () => runtime.call('activity', me, { action: 'detail', activityId: full })), ''])
    rows.push(['activity.list', await measured(runtime, () => runtime.call('activity', me, { action: 'list' })), ''])
    const slots = (await runtime.call<any>('counseling', me, { action: 'slots', counselorId: 'counselor-1' })) as any
    const book = (openid: string, start: string) =>
      runtime.call('counseling', openid, {
        action: 'book',
        counselorId: 'counselor-1',
        start,
        mode: 'online',
        topic: '情绪压力',
        phone: '13812345678',
        consent: { version: '2026-11' },
      })
    await book(others[1], new Date(slots.data.slots[1].start).toISOString())
    rows.push(['counseling.book', await measured(runtime, () => book(me, new Date(slots.data.slots[0].start).toISOString())), '≤ 8'])
    rows.push([
      'counseling.myBookings',
      await measured(runtime, () => runtime.call('counseling', me, { action: 'myBookings', scope: 'upcoming' })),
      '≤ 4',
    ])
    rows.push(['bookcase.myLoans', await measured(runtime, () => runtime.call('bookcase', me, { action: 'myLoans' })), '≤ 4'])
    rows.push(['user.home', await measured(runtime, () => runtime.call('user', me, { action: 'home' })), ''])
    rows.push(...(await doorCloseCosts(runtime, [me, others[3]], others[2])))
    console.log('\nDB requests per action (reads / writes / transaction steps = total; the limit of issue 13):')
    for (const [name, call, limit] of rows) {
      const { reads, writes, transaction } = call.db
      console.log(
        `  ${name.padEnd(42)} ${String(reads).padStart(3)} / ${String(writes).padStart(2)} / ${String(transaction).padStart(2)} = ${String(reads + writes + transaction).padStart(3)}   ${limit}`,
      )
    }
    console.log('')
  } finally {
    await runtime.close()
  }
}

/**
 * A door close borrowing one book, and one returning it (someone else puts it back). The cabinet's
 * first loan ever creates its loan counter (one request more, once): made before measuring.
 */
async function doorCloseCosts(runtime: LocalRuntime, people: string[], returner: string): Promise<[string, CallSummary, string][]> {
  const simulator = cabinetSimulator(runtime)
  const borrow = async (borrower: string, door: number) => {
    const order = (await runtime.call<any>('bookcase', borrower, { action: 'payDeposit' })) as any
    await runtime.cloud.payments.settle(order.data.outTradeNo, true)
    await runtime.call('bookcase', borrower, { action: 'openDoor', cabinetId: 'cabinet-1', door })
    await simulator.take('cabinet-1', door, bookTag(2 * (door - 1)))
    await simulator.heartbeatAll()
    return measured(runtime, () => simulator.close('cabinet-1', door))
  }
  await borrow(people[1], 2)
  const borrowed = await borrow(people[0], 1)
  const opened = (await runtime.call<any>('bookcase', returner, { action: 'openReturnDoor', cabinetId: 'cabinet-2' })) as any
  await simulator.put('cabinet-2', opened.data.door, bookTag(0))
  const returned = await measured(runtime, () => simulator.close('cabinet-2', opened.data.door))
  return [
    ['cabinetGateway doorClosed, 1 book borrowed', borrowed, '≤ 10'],
    ['cabinetGateway doorClosed, 1 book returned', returned, '≤ 10'],
  ]
}

/** Bursts grow linearly: 10× the people may take at most 15× the time. */
const MAX_GROWTH = 15

async function main() {
  await actionCosts()
  const results: BenchResult[] = []
  for (const bench of cases) results.push(await run(bench))
  const time = (people: number) => results.find((r) => r.name.includes(`signup, ${people} people`))!.totalMs
  const growth = time(3000) / time(300)
  console.log(`growth: time(3000 signups) / time(300 signups) = ${growth.toFixed(1)} (linear: 10, limit ${MAX_GROWTH})`)
  if (growth > MAX_GROWTH) failures.push(`signup bursts grow faster than linear: ${growth.toFixed(1)} > ${MAX_GROWTH}`)
  if (failures.length > 0) {
    console.error(`\n${failures.join('\n')}`)
    process.exit(1)
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
