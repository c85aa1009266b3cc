import { randomBytes } from 'node:crypto'
import { collections } from '../database/collections'
import type { FunctionDefinition } from '../functions/_lib/define'
import { readEnv, type FunctionEnv } from '../functions/_lib/env'
import type { Envelope } from '../functions/_lib/envelope'
import { countDbRequest, createCallLog } from './calls'
import type { CabinetLink } from '../functions/bookcase/link'
import { createDevClock } from './clock'
import { sourceFunctions } from './functions'
import { createLocalCloud, type LocalCloud } from './sdk'
import { sdkError } from './sdk/wx'
import { seedDemoData } from './seed'
import type { InvocationContext, LocalRuntime } from './types'

export type { InvocationContext, LocalRuntime } from './types'

export interface LocalRuntimeOptions {
  /** Where data persists; undefined keeps everything in memory (tests). */
  dataDir?: string
  /** Local mode allows the dev controls and the X-Openid header; off, the server behaves as production would. */
  local?: boolean
  /** Seed the demo data when the store is empty. */
  seed?: boolean
  env?: Partial<FunctionEnv>
  /** The functions to run: default the TypeScript sources; `loadBundles()` (bundles.ts) runs the built cloudfunctions/. */
  functions?: Record<string, FunctionDefinition<unknown>>
}

/**
 * What the platform answers when an invocation runs past the function's timeout (SCF: "Invoking task
 * timed out after N seconds", errCode -504003 at the caller). The function's work is not undone.
 */
export const TIMEOUT_ERR_CODE = -504003

function withinTimeout<T>(name: string, seconds: number, work: Promise<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(
        sdkError('callFunction', TIMEOUT_ERR_CODE, `functions invoke timeout. ${name}: Invoking task timed out after ${seconds} seconds`),
      )
    }, seconds * 1000)
    timer.unref?.()
    work.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (error) => {
        clearTimeout(timer)
        reject(error)
      },
    )
  })
}

/**
 * The local cloud's environment variables: the production names with local values, so no local
 * default lives in the deployable code. Variables of the process (e.g. CHECKIN_SECRET) win.
 */
function localEnv(vars: Record<string, string | undefined>): FunctionEnv {
  return readEnv({
    ADMIN_OPENIDS: 'local-admin',
    CHECKIN_SECRET: randomBytes(32).toString('hex'),
    // What 扫普通链接二维码打开小程序 would be configured with; the local server sends this path to the check-in page.
    CHECKIN_URL_PREFIX: `http://localhost:${process.env.PORT ?? 10086}/checkin`,
    PAY_MCH_ID: 'local-sub-mch',
    SUBSCRIBE_TEMPLATES: LOCAL_SUBSCRIBE_TEMPLATES,
    ...vars,
  })
}

/** Template ids standing in for the ones the mini-program console gives (purpose=id). */
export const LOCAL_SUBSCRIBE_TEMPLATES = [
  'waitlistPromoted=local-tmpl-waitlist',
  'counselingConfirmed=local-tmpl-booking-confirmed',
  'counselingReminder=local-tmpl-booking-reminder',
  'dueSoon=local-tmpl-due',
  'overdue=local-tmpl-overdue',
  'returned=local-tmpl-returned',
].join(',')

export async function createLocalRuntime(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  const clock = createDevClock(options.dataDir)
  const env: FunctionEnv = { ...localEnv(process.env), ...options.env }
  const functions = options.functions ?? sourceFunctions
  let cabinetLink: CabinetLink | undefined
  const calls = createCallLog()
  const invoke = async (name: string, data: unknown, context: InvocationContext) => {
    const definition = functions[name]
    if (!definition) throw new Error(`unknown cloud function: ${name}`)
    const sdk = cloud.sdkFor(context, { openapi: definition.deploy.openapi })
    const main = definition.createMain({ cloud: sdk, clock, env, cabinetLink })
    return calls.record(name, data, context, clock.now(), () => withinTimeout(name, definition.deploy.timeoutSeconds, main(data)))
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
    local: options.local ?? true,
    deploy: (name) => functions[name]?.deploy,
    attachCabinetLink(link) {
      cabinetLink = link
    },
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
