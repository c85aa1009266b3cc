import { createRequire } from 'node:module'
/**
 * Loads the real `wx-server-sdk` and routes its database requests to a local backend.
 *
 * `wx-server-sdk` builds queries with `@cloudbase/database` (the `db.command` operators, the query and
 * update serializers, argument checks, result shapes, error messages, `runTransaction`'s retry loop) and
 * sends each request through `Db.reqClass`, an HTTP client. We keep every line of that code and replace
 * only the transport: requests of environments registered here go to a local backend instead of the
 * network. Requests of any other environment still go to the original transport.
 */
import * as path from 'path'

export interface DbRequest {
  send(action: string, params?: any, opts?: any): Promise<any>
}

export interface DbBackend {
  send(action: string, params: any): Promise<any>
}

const backends = new Map<string, DbBackend>()
const HOOK = Symbol.for('local-cloud.reqClass-hook')

let loaded: { wx: any; EJSON: any } | undefined

// Node's own require (the Taro typings replace the global `require` type with webpack's).
const nodeRequire = createRequire(__filename)

function resolveFrom(dir: string, request: string): string {
  return nodeRequire.resolve(request, { paths: [dir] })
}

/** The real `wx-server-sdk` module, and the `bson` EJSON that its `@cloudbase/database` uses. */
export function loadWx(): { wx: any; EJSON: any } {
  if (loaded) return loaded
  const wx = require('wx-server-sdk')
  const wxDir = path.dirname(nodeRequire.resolve('wx-server-sdk/package.json'))
  const nodeSdkDir = path.dirname(resolveFrom(wxDir, '@cloudbase/node-sdk/package.json'))
  const dbDir = path.dirname(resolveFrom(nodeSdkDir, '@cloudbase/database/package.json'))
  const { EJSON } = require(resolveFrom(dbDir, 'bson'))
  loaded = { wx, EJSON }
  return loaded
}

/**
 * The environment a request is for. `DYNAMIC_CURRENT_ENV` (a symbol) means the function's own
 * environment, which @cloudbase/node-sdk reads from TCB_ENV or SCF_NAMESPACE when it sends
 * (lib/utils/httpRequest.js: `if (params.envName === SYMBOL_CURRENT_ENV) params.envName = TCB_ENV || SCF_NAMESPACE`).
 */
function envOf(config: any): unknown {
  const env = config && (config.envName ?? config.env)
  return typeof env === 'symbol' ? process.env.TCB_ENV || process.env.SCF_NAMESPACE : env
}

function installHook(Db: any): void {
  if (Db[HOOK]) return
  let original: any = Db.reqClass
  // `new Dispatcher(config)` returns the local request object for local environments.
  const Dispatcher = function (this: unknown, config: any) {
    const env = envOf(config)
    const backend = typeof env === 'string' ? backends.get(env) : undefined
    if (backend) return { config, send: (action: string, params: any) => backend.send(action, params) }
    if (!original) throw new Error('wx-server-sdk database transport is not initialised')
    return new original(config)
  } as any
  Object.defineProperty(Db, 'reqClass', {
    configurable: true,
    enumerable: true,
    get: () => Dispatcher,
    set: (v: any) => {
      if (v !== Dispatcher) original = v
    },
  })
  Object.defineProperty(Db, HOOK, { value: true })
}

/**
 * A `wx-server-sdk` instance whose database talks to `backend`. Returns the instance's API object (the
 * same shape as `require('wx-server-sdk')`); only its `database()` is meant to be used.
 */
export function createWxInstance(envId: string, backend: DbBackend): any {
  const { wx } = loadWx()
  backends.set(envId, backend)
  const instance = wx.createNewInstance({ env: envId })
  const probe = instance.database()
  const Db = probe && probe._db && probe._db.constructor
  if (!Db || !('reqClass' in Db)) throw new Error('unexpected wx-server-sdk layout: database()._db is not a @cloudbase/database Db')
  installHook(Db)
  return instance
}

export function unregisterEnv(envId: string): void {
  backends.delete(envId)
}

/** The constant the real SDK exposes as `DYNAMIC_CURRENT_ENV`. */
export const DYNAMIC_CURRENT_ENV: symbol = Symbol.for('SYMBOL_CURRENT_ENV')

/** `wx-server-sdk`'s way of turning a failure into the error its APIs reject with (`<api>:fail …`). */
export function sdkError(apiName: string, errCode: number, errMsg: string): Error & { errCode: number; errMsg: string } {
  const err = new Error(`${apiName}:fail ${errCode} ${errMsg}`) as Error & { errCode: number; errMsg: string }
  err.errCode = errCode
  err.errMsg = err.message
  return err
}

/**
 * An openapi refusal as wx-server-sdk 3.0.4 delivers it (getGenericOpenAPI: WeChat's `{ errcode, errmsg }`
 * → `new CloudSDKError({ errCode: errcode, errMsg: apiFailMsg(api, errmsg) })`): errCode is WeChat's code,
 * errMsg `openapi.<api>:fail <errmsg>`, message `errCode: <code> <ERR_CODE text> | errMsg: <errMsg>`.
 */
export function openapiError(apiName: string, errCode: number, errmsg: string, codeText = ''): Error & { errCode: number; errMsg: string } {
  const errMsg = `${apiName}:fail ${errmsg}`
  const err = new Error(`errCode: ${errCode} ${codeText} | errMsg: ${errMsg}`) as Error & { errCode: number; errMsg: string }
  err.errCode = errCode
  err.errMsg = errMsg
  return err
}
