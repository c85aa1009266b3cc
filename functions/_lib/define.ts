import type { Clock } from './clock'
import type { CloudSdk, Database } from './sdk'
import { AppError, failure, ok, type Envelope } from './envelope'
import { ValidationError, type Schema } from './schema'
import { ConfigurationError, type FunctionEnv } from './env'
import { configuredMessages, type AppConfig } from '../../domain/config'
import { errorMessages } from '../../domain/errors'
import { loadCaller, toCaller, type Caller, type Role, type UserRecord } from './caller'
import { createLogger, type Logger } from './log'
import type { CabinetLink } from '../bookcase/link'
import { isDuplicateKey } from './documents'
import { isTransactionConflict } from './transaction'

/**
 * What a function is given from outside: production passes the real SDK, the system clock, the
 * environment variables and the vendor's cabinet link; the local cloud passes its own stand-ins. The
 * deployed code has no other way to learn it runs locally.
 */
export interface FunctionDeps {
  cloud: CloudSdk
  clock: Clock
  env: FunctionEnv
  /** How `open` commands reach a cabinet (bookcase only; production: the vendor's gateway). */
  cabinetLink?: CabinetLink
}

/** A timed trigger as WeChat's config.json and cloudbaserc.json declare it (7-field cron, UTC+8). */
export interface TimerTrigger {
  name: string
  type: 'timer'
  config: string
}

/**
 * What the platform must know about a function to run it: written by the build into
 * `cloudfunctions/<fn>/config.json` and `cloudbaserc.json`, and enforced by the local cloud.
 */
export interface DeploySpec {
  /**
   * `cloud.openapi.*` APIs the function calls. WeChat refuses any other with -604101 ("function has
   * no permission to call this API") unless config.json lists it under `permissions.openapi`:
   * https://developers.weixin.qq.com/miniprogram/dev/wxcloud/guide/openapi/openapi.html
   */
  openapi: readonly string[]
  /** Seconds the platform lets one invocation run (CloudBase default 3, at most 900). */
  timeoutSeconds: number
  triggers: readonly TimerTrigger[]
  /** Names of the environment variables the function reads (values are set per environment). */
  envVariables: readonly string[]
}

export type DeployOptions = Partial<DeploySpec>

/** CloudBase's default function timeout (seconds). */
export const DEFAULT_TIMEOUT_SECONDS = 3
/** What every function reads through `readEnv` (env.ts). */
export const COMMON_ENV_VARIABLES = ['ADMIN_OPENIDS', 'SUBSCRIBE_TEMPLATES', 'APP_CONFIG'] as const

export interface ActionContext {
  cloud: CloudSdk
  db: Database
  /** The SDK's `db.command`. */
  _: any
  now: Date
  clock: Clock
  env: FunctionEnv
  /** The product's numbers for this environment (`env.config`); rules and messages read them here. */
  config: AppConfig
  /** How the bookcase reaches cabinets; undefined when no link is configured. */
  cabinetLink?: CabinetLink
  /** The cloud environment this invocation runs in (for cloudPay's `envId`), from the WeChat context. */
  envId: string
  /** The caller's OPENID as the cloud gives it; empty for timed triggers and pay callbacks. */
  openid: string
  source: string
  log: Logger
  /** The caller's user record and roles (loaded on demand, created on first use). */
  caller(): Promise<Caller>
  /** Takes the caller's user record from a read that returned it anyway, so `caller()` need not read it. */
  knowCaller(user: UserRecord): void
}

/**
 * Who may call an action. `user`: any WeChat user (an OPENID is required); a role name: the caller
 * must hold it; `system`: only the cloud itself (timed trigger, pay callback, another function);
 * `public`: no identity needed (HTTP gateways that authenticate on their own).
 */
export type Access = 'public' | 'user' | 'system' | Role

/** `I`: the parsed input; `O`: what the handler answers; `W`: what a client sends (see contract.ts). */
export interface ActionSpec<I, O = unknown, W = I> {
  access: Access
  input: Schema<I, W>
  handler(ctx: ActionContext, input: I): Promise<O>
}

export function action<I, O, W = I>(spec: ActionSpec<I, O, W>): ActionSpec<I, O, W> {
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

export type Actions = Record<string, ActionSpec<any, any, any>>

/** `Answer`: the envelope for callFunction; HTTP-triggered functions and pay callbacks answer their caller's shape. */
export interface FunctionDefinition<Answer = Envelope, A extends Actions = Actions> {
  name: string
  /** The actions of an enveloped function (absent for HTTP and pay callbacks). */
  actions?: A
  deploy: DeploySpec
  createMain(deps: FunctionDeps): (event: unknown, context?: unknown) => Promise<Answer>
}

export function deploySpec(options: DeployOptions = {}): DeploySpec {
  return {
    openapi: [...(options.openapi ?? [])].sort(),
    timeoutSeconds: options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
    triggers: options.triggers ?? [],
    envVariables: [...new Set([...COMMON_ENV_VARIABLES, ...(options.envVariables ?? [])])],
  }
}

/**
 * A cloud function: its actions and what the platform must know to run it (`deployment`: the openapi it
 * calls, its timeout, triggers and environment variables; CloudBase's defaults when left out). The
 * action table's types are kept: they are the contract the app's client is typed by.
 */
export function defineFunction<A extends Actions>(name: string, actions: A): FunctionDefinition<Envelope, A> & { actions: A }
export function defineFunction<A extends Actions>(
  name: string,
  deployment: DeployOptions,
  actions: A,
): FunctionDefinition<Envelope, A> & { actions: A }
export function defineFunction(name: string, second: Actions | DeployOptions, third?: Actions): FunctionDefinition & { actions: Actions } {
  const actions = (third ?? second) as Actions
  const options = (third ? second : {}) as DeployOptions
  return {
    name,
    actions,
    deploy: deploySpec(options),
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
          result = toFailure(error, log, deps.env.config)
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
  const { OPENID, SOURCE, ENV } = deps.cloud.getWXContext()
  const db = deps.cloud.database()
  let caller: Promise<Caller> | undefined
  const ctx: ActionContext = {
    cloud: deps.cloud,
    db,
    _: db.command,
    now: deps.clock.now(),
    clock: deps.clock,
    env: deps.env,
    config: deps.env.config,
    cabinetLink: deps.cabinetLink,
    envId: ENV ?? '',
    openid: OPENID ?? '',
    source: SOURCE ?? '',
    log,
    caller: () => (caller ??= loadCaller(ctx)),
    knowCaller: (user) => {
      caller ??= Promise.resolve(toCaller(user, ctx.env.adminOpenids))
    },
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

function toFailure(error: unknown, log: Logger, config: AppConfig): Envelope {
  if (error instanceof ValidationError) return failure('INVALID_ARGUMENT', error.message)
  if (error instanceof ConfigurationError) log.error('notConfigured', { variable: error.variable })
  if (error instanceof AppError) {
    // A refusal left with the generic text gets the one that states this environment's number.
    const message = error.message === errorMessages[error.code] ? (configuredMessages(config)[error.code] ?? error.message) : error.message
    return failure(error.code, message)
  }
  // Contention that outlived the retries is a business answer, never INTERNAL: try again.
  if (isTransactionConflict(error) || isDuplicateKey(error)) {
    log.info('contention', { error: String((error as Error)?.message ?? error) })
    return failure('CONFLICT', '操作的人较多，请稍后重试')
  }
  // Never leak internals to the client: log the stack, answer a generic message.
  log.error('unhandled', { error: error instanceof Error ? error.stack : String(error) })
  return failure('INTERNAL')
}
