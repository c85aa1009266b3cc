import { collections } from '../database/collections'
import { readEnv, type FunctionEnv } from '../functions/_lib/env'
import type { Envelope } from '../functions/_lib/envelope'
import { countDbRequest, createCallLog, type CallLog } from './calls'
import { createDevClock, type DevClock } from './clock'
import { functionDefinitions } from './functions'
import { createLocalCloud, type LocalCloud } from './sdk'
import { seedDemoData } from './seed'

export interface InvocationContext {
  OPENID: string
  SOURCE: string
}

export interface LocalRuntime {
  cloud: LocalCloud
  clock: DevClock
  env: FunctionEnv
  /** The latest cloud calls with their DB request counts (the console's request list). */
  calls: CallLog
  /** Runs a function's real code with this context, as CloudBase would. */
  invoke(name: string, data: unknown, context: InvocationContext): Promise<any>
  /** A mini-program user calling a function. */
  call<T = any>(name: string, openid: string, data: Record<string, unknown>): Promise<Envelope<T>>
  /** Drops all data, resets the clock and seeds the demo data again. */
  reset(): Promise<void>
  close(): Promise<void>
}

export interface LocalRuntimeOptions {
  /** Where data persists; undefined keeps everything in memory (tests). */
  dataDir?: string
  /** Local mode allows the dev controls and the X-Openid header; off, the server behaves as production would. */
  local?: boolean
  /** Seed the demo data when the store is empty. */
  seed?: boolean
  env?: Partial<FunctionEnv>
}

export async function createLocalRuntime(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  const clock = createDevClock(options.dataDir)
  const env: FunctionEnv = {
    ...readEnv({ ADMIN_OPENIDS: 'local-admin', ...process.env }),
    local: options.local ?? true,
    ...options.env,
  }
  const calls = createCallLog()
  const invoke = async (name: string, data: unknown, context: InvocationContext) => {
    const definition = functionDefinitions[name]
    if (!definition) throw new Error(`unknown cloud function: ${name}`)
    const main = definition.createMain({ cloud: cloud.sdkFor(context), clock, env })
    return calls.record(name, data, context, clock.now(), () => main(data))
  }
  const cloud: LocalCloud = createLocalCloud({
    dataDir: options.dataDir,
    clock,
    collections,
    invoke,
    onDatabaseRequest: countDbRequest,
  })
  const runtime: LocalRuntime = {
    cloud,
    clock,
    env,
    calls,
    invoke,
    call: (name, openid, data) => invoke(name, data, { OPENID: openid, SOURCE: 'wx_client' }) as Promise<Envelope<any>>,
    async reset() {
      await cloud.reset()
      clock.reset()
      await seedDemoData(runtime)
    },
    close: () => cloud.close(),
  }
  if (options.seed ?? true) await seedDemoData(runtime, { onlyIfEmpty: true })
  return runtime
}
