import type { Clock } from './clock'
import type { CloudSdk, Database } from './sdk'
import { AppError, failure, ok, type Envelope } from './envelope'
import { ValidationError, type Schema } from './schema'
import type { FunctionEnv } from './env'
import { loadCaller, type Caller, type Role } from './caller'
import { createLogger, type Logger } from './log'

/** What a function is given from outside: production passes the real SDK and the system clock. */
export interface FunctionDeps {
  cloud: CloudSdk
  clock: Clock
  env: FunctionEnv
}

export interface ActionContext {
  cloud: CloudSdk
  db: Database
  /** The SDK's `db.command`. */
  _: any
  now: Date
  clock: Clock
  env: FunctionEnv
  /** The caller's OPENID as the cloud gives it; empty for timed triggers and pay callbacks. */
  openid: string
  source: string
  log: Logger
  /** The caller's user record and roles (loaded on demand, created on first use). */
  caller(): Promise<Caller>
}

/**
 * Who may call an action. `user`: any WeChat user (an OPENID is required); a role name: the caller
 * must hold it; `system`: only the cloud itself (timed trigger, pay callback, another function);
 * `public`: no identity needed (HTTP gateways that authenticate on their own).
 */
export type Access = 'public' | 'user' | 'system' | Role

export interface ActionSpec<I> {
  access: Access
  input: Schema<I>
  handler(ctx: ActionContext, input: I): Promise<unknown>
}

export function action<I>(spec: ActionSpec<I>): ActionSpec<I> {
  return spec
}

/** Payloads bigger than this are refused before anything else runs. */
const MAX_EVENT_BYTES = 64 * 1024
/** Keys the WeChat client SDK adds to every call's data. */
const TRANSPORT_KEYS = new Set(['action', 'userInfo', 'tcbContext'])
/** SOURCE values the cloud sets itself (a chain such as "wx_client,scf" means another function called). */
const SYSTEM_SOURCES = new Set(['wx_trigger', 'wx_paycallback', 'scf'])

function isSystemSource(source: string): boolean {
  return source.split(',').some((part) => SYSTEM_SOURCES.has(part.trim()))
}

/** `Answer`: the envelope for callFunction; HTTP-triggered functions and pay callbacks answer their caller's shape. */
export interface FunctionDefinition<Answer = Envelope> {
  name: string
  /** The actions of an enveloped function (absent for HTTP and pay callbacks). */
  actions?: Record<string, ActionSpec<any>>
  createMain(deps: FunctionDeps): (event: unknown, context?: unknown) => Promise<Answer>
}

export function defineFunction(name: string, actions: Record<string, ActionSpec<any>>): FunctionDefinition {
  return {
    name,
    actions,
    createMain(deps) {
      return async (event) => {
        const started = Date.now()
        const log = createLogger(name)
        let actionName = '?'
        let result: Envelope
        try {
          const { payload, action: requested } = splitEvent(event)
          actionName = requested
          const spec = Object.prototype.hasOwnProperty.call(actions, requested) ? actions[requested] : undefined
          if (!spec) throw new AppError('INVALID_ARGUMENT', `未知操作：${requested || '（未提供 action）'}`)
          const ctx = createContext(deps, log)
          await authorise(ctx, spec.access)
          const input = spec.input.parse(payload, '')
          result = ok((await spec.handler(ctx, input)) ?? null)
        } catch (error) {
          result = toFailure(error, log)
        }
        log.info('call', { action: actionName, ok: result.ok, code: result.ok ? undefined : result.code, ms: Date.now() - started })
        return result
      }
    },
  }
}

function splitEvent(event: unknown): { payload: Record<string, unknown>; action: string } {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw new AppError('INVALID_ARGUMENT', '请求格式不正确')
  }
  let size: number
  try {
    size = JSON.stringify(event).length
  } catch {
    throw new AppError('INVALID_ARGUMENT', '请求格式不正确')
  }
  if (size > MAX_EVENT_BYTES) throw new AppError('INVALID_ARGUMENT', '请求内容过大')
  const { action: requested } = event as { action?: unknown }
  if (typeof requested !== 'string') throw new AppError('INVALID_ARGUMENT', '缺少 action')
  const payload: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(event)) if (!TRANSPORT_KEYS.has(key)) payload[key] = value
  return { payload, action: requested }
}

function createContext(deps: FunctionDeps, log: Logger): ActionContext {
  const { OPENID, SOURCE } = deps.cloud.getWXContext()
  const db = deps.cloud.database()
  let caller: Promise<Caller> | undefined
  const ctx: ActionContext = {
    cloud: deps.cloud,
    db,
    _: db.command,
    now: deps.clock.now(),
    clock: deps.clock,
    env: deps.env,
    openid: OPENID ?? '',
    source: SOURCE ?? '',
    log,
    caller: () => (caller ??= loadCaller(ctx)),
  }
  return ctx
}

async function authorise(ctx: ActionContext, access: Access): Promise<void> {
  if (access === 'public') return
  if (access === 'system') {
    if (!isSystemSource(ctx.source)) throw new AppError('FORBIDDEN', '仅限系统调用')
    return
  }
  if (!ctx.openid) throw new AppError('UNAUTHENTICATED')
  if (access === 'user') return
  const caller = await ctx.caller()
  if (!caller.roles.has(access)) throw new AppError('FORBIDDEN')
}

function toFailure(error: unknown, log: Logger): Envelope {
  if (error instanceof ValidationError) return failure('INVALID_ARGUMENT', error.message)
  if (error instanceof AppError) return failure(error.code, error.message)
  // Never leak internals to the client: log the stack, answer a generic message.
  log.error('unhandled', { error: error instanceof Error ? error.stack : String(error) })
  return failure('INTERNAL')
}
