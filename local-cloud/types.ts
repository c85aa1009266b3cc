/**
 * The local runtime as its parts see it (seed, cabinet simulator, dev controls, console): they depend on
 * this interface, and runtime.ts, which builds it, depends on them — never the other way round.
 */
import type { DeploySpec } from '../functions/_lib/define'
import type { FunctionEnv } from '../functions/_lib/env'
import type { Envelope } from '../functions/_lib/envelope'
import type { CabinetLink } from '../functions/bookcase/link'
import type { CallLog } from './calls'
import type { DevClock } from './clock'
import type { LocalCloud } from './sdk'

export interface LocalRuntime {
  cloud: LocalCloud
  clock: DevClock
  /** The environment variables the functions get: the local cloud's own stand-ins. */
  env: FunctionEnv
  /** The latest cloud calls with their DB request counts (the console's request list). */
  calls: CallLog
  /** Local mode: dev controls, the X-Openid header and the public cabinet secret of the seed. */
  local: boolean
  /** Each function's deploy config (config.json / cloudbaserc.json), which invocations are held to. */
  deploy(name: string): DeploySpec | undefined
  /** The cabinet link every invocation gets (the cabinet simulator plugs itself in). */
  attachCabinetLink(link: CabinetLink): void
  /** Runs a function's real code with this context, as CloudBase would, within its timeout. */
  invoke(name: string, data: unknown, context: InvocationContext): Promise<any>
  /** A mini-program user calling a function. */
  call<T = any>(name: string, openid: string, data: Record<string, unknown>): Promise<Envelope<T>>
  /** Drops all data, resets the clock and seeds the demo data again. */
  reset(): Promise<void>
  close(): Promise<void>
}

/** The public cabinet secret of local mode's demo cabinets (CONTRACT.md). */
export function localCabinetSecret(): string {
  return process.env.LOCAL_CABINET_SECRET ?? 'local-cabinet-secret'
}

export interface InvocationContext {
  OPENID: string
  SOURCE: string
}

export interface ControlAnswer {
  status: number
  body?: unknown
  raw?: Buffer
  contentType?: string
}

/** A group of dev controls under `/__local/<prefix>/…` (the cabinet simulator plugs in here). */
export type ControlRoutes = (runtime: LocalRuntime) => Record<string, (body: any, url: URL) => Promise<ControlAnswer>>
