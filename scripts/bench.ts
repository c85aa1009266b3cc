/**
 * `npm run bench`: figures, not assertions. Runs the real function code on the in-memory local cloud
 * and prints latency and throughput of the hot paths, and the DB requests each call made (counted at
 * the database service, as CloudBase bills them).
 */
import { performance } from 'node:perf_hooks'
import { createLocalRuntime, type LocalRuntime } from '../local-cloud/runtime'
import type { CallSummary } from '../local-cloud/calls'

process.env.CLOUD_LOG = 'silent'

export interface BenchCase {
  name: string
  /** Prepares the data; returns the calls to time (started together). */
  prepare(runtime: LocalRuntime): Promise<(() => Promise<unknown>)[]>
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}

async function run(bench: BenchCase): Promise<void> {
  const runtime = await createLocalRuntime()
  try {
    const calls = await bench.prepare(runtime)
    runtime.calls.clear()
    const latencies: number[] = []
    const outcomes = new Map<string, number>()
    const started = performance.now()
    await Promise.all(
      calls.map(async (call) => {
        const t0 = performance.now()
        const answer = (await call()) as { ok: boolean; code?: string }
        latencies.push(performance.now() - t0)
        const outcome = answer.ok ? 'ok' : String(answer.code)
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1)
      }),
    )
    const total = performance.now() - started
    latencies.sort((a, b) => a - b)
    console.log(
      `${bench.name.padEnd(46)} ${String(calls.length).padStart(5)} calls  ${(calls.length / (total / 1000)).toFixed(0).padStart(6)}/s  p50 ${percentile(latencies, 50).toFixed(1)} ms  p95 ${percentile(latencies, 95).toFixed(1)} ms  ${[...outcomes].map(([k, n]) => `${k}×${n}`).join(' ')}`,
    )
    printDbRequests(runtime)
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
async function people(runtime: LocalRuntime, count: number, prefix: string): Promise<string[]> {
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

const cases: BenchCase[] = [
  {
    name: 'user.me, 200 people at once',
    async prepare(runtime) {
      return Array.from({ length: 200 }, (_, i) => () => runtime.call('user', `bench-${i}`, { action: 'me' }))
    },
  },
  {
    name: 'activity.signup, 300 people for 30 seats at once',
    async prepare(runtime) {
      const start = runtime.clock.now().getTime() + 72 * HOUR_MS
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
        capacity: 30,
        hours: 2,
        points: 20,
      })
      if (!created.ok) throw new Error(created.message)
      const openids = await people(runtime, 300, 'bench-vol')
      return openids.map((openid) => () => runtime.call('activity', openid, { action: 'signup', activityId: created.data.id }))
    },
  },
  {
    name: 'counseling.book, 100 people for one slot at once',
    async prepare(runtime) {
      const slots = await runtime.call<any>('counseling', 'local-volunteer-1', { action: 'slots', counselorId: 'counselor-1' })
      if (!slots.ok) throw new Error(slots.message)
      // In process the answer keeps its Dates; a client sends them as JSON strings.
      const start = new Date(slots.data.slots[0].start).toISOString()
      const openids = await people(runtime, 100, 'bench-worker')
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
  },
]

async function main() {
  for (const bench of cases) await run(bench)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
