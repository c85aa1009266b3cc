/**
 * `npm run bench`: figures, not assertions. Runs the real function code on the in-memory local cloud
 * and prints latency and throughput of the hot paths.
 */
import { performance } from 'node:perf_hooks'
import { createLocalRuntime, type LocalRuntime } from '../local-cloud/runtime'

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
    const latencies: number[] = []
    const started = performance.now()
    await Promise.all(
      calls.map(async (call) => {
        const t0 = performance.now()
        await call()
        latencies.push(performance.now() - t0)
      }),
    )
    const total = performance.now() - started
    latencies.sort((a, b) => a - b)
    console.log(
      `${bench.name.padEnd(46)} ${String(calls.length).padStart(5)} calls  ${(calls.length / (total / 1000)).toFixed(0).padStart(6)}/s  p50 ${percentile(latencies, 50).toFixed(1)} ms  p95 ${percentile(latencies, 95).toFixed(1)} ms`,
    )
  } finally {
    await runtime.close()
  }
}

const cases: BenchCase[] = [
  {
    name: 'user.me, 200 people at once',
    async prepare(runtime) {
      return Array.from({ length: 200 }, (_, i) => () => runtime.call('user', `bench-${i}`, { action: 'me' }))
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
