import type { LocalRuntime } from '../runtime'
import { cabinetSimulatorRoutes } from '../cabinet-simulator'

export interface ControlAnswer {
  status: number
  body?: unknown
  raw?: Buffer
  contentType?: string
}

/** A group of dev controls under `/__local/<prefix>/…` (the cabinet simulator plugs in here). */
export type ControlRoutes = (runtime: LocalRuntime) => Record<string, (body: any, url: URL) => Promise<ControlAnswer>>

const DAY_MS = 24 * 60 * 60 * 1000

function parseInstant(value: unknown): Date | undefined {
  if (typeof value === 'number') return new Date(value)
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return new Date(value)
  return undefined
}

const coreRoutes: ControlRoutes = (runtime) => {
  const clockState = () => ({ now: runtime.clock.now(), offsetMs: runtime.clock.offsetMs(), frozen: runtime.clock.frozen() })
  return {
    'POST reset': async () => {
      await runtime.reset()
      return { status: 200, body: { ok: true, now: runtime.clock.now() } }
    },
    'GET clock': async () => ({ status: 200, body: clockState() }),
    /** { freeze: true | false } then { set: ISO or ms } or { advanceMs } or { advanceDays } */
    'POST clock': async (body) => {
      const at = parseInstant(body.set)
      if (body.set !== undefined && !at) return { status: 400, body: { ok: false, message: 'set 应为 ISO 时间或毫秒时间戳' } }
      if (typeof body.freeze === 'boolean') runtime.clock.freeze(body.freeze)
      if (at) runtime.clock.set(at)
      if (typeof body.advanceMs === 'number') runtime.clock.advance(body.advanceMs)
      if (typeof body.advanceDays === 'number') runtime.clock.advance(body.advanceDays * DAY_MS)
      return { status: 200, body: clockState() }
    },
    'GET payments': async () => ({ status: 200, body: await runtime.cloud.payments.list() }),
    /** { outTradeNo, succeed }: WeChat Pay calls payNotify with the result. */
    'POST payments/settle': async (body) => {
      if (typeof body.outTradeNo !== 'string') return { status: 400, body: { ok: false, message: '缺少 outTradeNo' } }
      const answer = await runtime.cloud.payments.settle(body.outTradeNo, body.succeed !== false)
      return { status: 200, body: answer }
    },
    'GET refunds': async () => ({ status: 200, body: await runtime.cloud.refunds.list() }),
    'GET subscribe-messages': async () => ({ status: 200, body: await runtime.cloud.subscribeMessages.list() }),
    /** { job }: what a timed trigger would do, now. */
    'POST cron': async (body) => ({
      status: 200,
      body: await runtime.invoke('cron', { action: 'run', job: body.job }, { OPENID: '', SOURCE: 'wx_trigger' }),
    }),
  }
}

const STORED_TYPES: Record<string, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  png: 'image/png',
  jpg: 'image/jpeg',
}

function contentTypeOf(route: string): string | undefined {
  return STORED_TYPES[route.slice(route.lastIndexOf('.') + 1)]
}

/** Every group of controls; a service's simulator adds its group here. */
const routeGroups: ControlRoutes[] = [coreRoutes, cabinetSimulatorRoutes]

export function devControls(runtime: LocalRuntime) {
  const routes = Object.assign({}, ...routeGroups.map((group) => group(runtime)))
  return async (method: string, url: URL, body: any): Promise<ControlAnswer> => {
    const route = url.pathname.slice('/__local/'.length)
    if (method === 'GET' && route.startsWith('storage/')) {
      // A temporary link (getTempFileURL) names its expiry; past it the file is refused, as a stale COS link is.
      const expires = Number(url.searchParams.get('expires') ?? NaN)
      if (!(expires > runtime.clock.now().getTime())) return { status: 403, body: { ok: false, message: '链接已过期，请重新生成' } }
      const content = await runtime.cloud.storage.read(decodeURIComponent(route.slice('storage/'.length)))
      return content ? { status: 200, raw: content, contentType: contentTypeOf(route) } : { status: 404, body: { ok: false } }
    }
    const handler = routes[`${method} ${route}`]
    if (!handler) return { status: 404, body: { ok: false, message: `没有这个开发控制：${method} /__local/${route}` } }
    return handler(body, url)
  }
}
