/** The local cloud in-process, in memory, seeded: what cloud tests call functions through. */
import { createLocalRuntime, type LocalRuntime } from '../../local-cloud/runtime'

process.env.CLOUD_LOG = process.env.CLOUD_LOG ?? 'silent'

/** The clock is frozen (at `at` when given): tests move it on purpose, so times compare exactly. */
export async function createTestRuntime(options: { seed?: boolean; at?: Date } = {}): Promise<LocalRuntime> {
  const runtime = await createLocalRuntime({ seed: options.seed ?? true })
  runtime.clock.freeze(true)
  if (options.at) runtime.clock.set(options.at)
  return runtime
}

/** Unwraps an ok envelope, failing the test with the envelope when it is not ok. */
export function expectOk<T>(envelope: { ok: boolean; data?: T; code?: string; message?: string }): T {
  if (!envelope.ok) throw new Error(`expected ok, got ${envelope.code}: ${envelope.message}`)
  return envelope.data as T
}
