import type { ControlAnswer, ControlRoutes, LocalRuntime } from '../types'
import { cabinetSimulatorRoutes } from '../cabinet-simulator'
import { consoleRoutes } from '../console/routes'
import { paySheet } from '../console/pay-sheet'

const DAY_MS = 24 * 60 * 60 * 1000

const EARLIEST = Date.UTC(2000, 0, 1)
const LATEST = Date.UTC(2100, 0, 1)
const sane = (ms: number) => Number.isFinite(ms) && ms >= EARLIEST && ms < LATEST

function parseInstant(value: unknown): Date | undefined {
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : NaN
  return sane(ms) ? new Date(ms) : undefined
}

const badInput = (message: string): ControlAnswer => ({ status: 400, body: { ok: false, code: 'INVALID_ARGUMENT', message } })

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
      if (body.set !== undefined && !at) return badInput('set 应为 2000–2100 年间的 ISO 时间或毫秒时间戳')
      const step = (body.advanceMs ?? 0) + (body.advanceDays ?? 0) * DAY_MS
      if (typeof step !== 'number' || !sane((at ?? runtime.clock.now()).getTime() + step))
        return badInput('advanceMs / advanceDays 应为数字，且调整后的时间在 2000–2100 年间')
      if (typeof body.freeze === 'boolean') runtime.clock.freeze(body.freeze)
      if (at) runtime.clock.set(at)
      if (step) runtime.clock.advance(step)
      return { status: 200, body: clockState() }
    },
    'GET payments': async () => ({ status: 200, body: await runtime.cloud.payments.list() }),
    /**
     * { outTradeNo, succeed }: WeChat Pay calls payNotify with the result. With the console's pay sheet
     * on, the payer decides there (console/pay-sheet.ts); a failed or abandoned payment answers ok: false.
     */
    'POST payments/settle': async (body) => {
      if (typeof body.outTradeNo !== 'string') return badInput('缺少 outTradeNo')
      const order = await runtime.cloud.payments.get(body.outTradeNo)
      if (!order) return { status: 404, body: { ok: false, code: 'NOT_FOUND', message: `没有这个支付订单：${body.outTradeNo}` } }
      if (order.status === 'SUCCESS' && body.succeed === false)
        return { status: 409, body: { ok: false, code: 'CONFLICT', message: '订单已支付，不能再改为支付失败' } }
      const { outcome, notifyAnswer } = await paySheet(runtime).pay(body.outTradeNo, body.succeed !== false)
      if (outcome === 'abandoned') return { status: 200, body: { ok: false, message: '支付未完成：没有在控制台确认' } }
      if (outcome === 'failed' && paySheet(runtime).mode === 'console') return { status: 200, body: { ok: false, message: '支付失败' } }
      return { status: 200, body: notifyAnswer }
    },
    'GET refunds': async () => ({ status: 200, body: await runtime.cloud.refunds.list() }),
    'GET subscribe-messages': async () => ({ status: 200, body: await runtime.cloud.subscribeMessages.list() }),
    /** { openid, templateIds }: what the user's 允许 in wx.requestSubscribeMessage records (the H5 app's stand-in). */
    'POST subscribe-consent': async (body) => {
      const templateIds = Array.isArray(body.templateIds) ? body.templateIds.filter((id: unknown) => typeof id === 'string' && id) : []
      if (typeof body.openid !== 'string' || !body.openid || templateIds.length === 0 || templateIds.length > 3) {
        return { status: 400, body: { ok: false, message: '需要 openid 和 1–3 个 templateIds' } }
      }
      await runtime.cloud.subscribeMessages.accept(body.openid, templateIds)
      return { status: 200, body: { ok: true } }
    },
    'GET subscribe-consents': async () => ({ status: 200, body: await runtime.cloud.subscribeMessages.consents() }),
    /** { job }: what a timed trigger would do, now. */
    'POST cron': async (body) => {
      const answer = await runtime.invoke('cron', { action: 'run', job: body.job }, { OPENID: '', SOURCE: 'wx_trigger' })
      return { status: answer.ok === false && answer.code === 'INVALID_ARGUMENT' ? 400 : 200, body: answer }
    },
  }
}

const STORED_TYPES: Record<string, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  png: 'image/png',
  jpg: 'image/jpeg',
  webp: 'image/webp',
}

function contentTypeOf(route: string): string | undefined {
  return STORED_TYPES[route.slice(route.lastIndexOf('.') + 1)]
}

/** Every group of controls; a service's simulator adds its group here. */
const routeGroups: ControlRoutes[] = [coreRoutes, cabinetSimulatorRoutes, consoleRoutes]

export function devControls(runtime: LocalRuntime) {
  const routes = Object.assign({}, ...routeGroups.map((group) => group(runtime)))
  return async (method: string, url: URL, body: any): Promise<ControlAnswer> => {
    const route = url.pathname.slice('/__local/'.length)
    if (method === 'GET' && route.startsWith('storage/')) {
      // A temporary link (getTempFileURL) names its expiry; past it the file is refused, as a stale COS link is.
      const expires = Number(url.searchParams.get('expires') ?? NaN)
      if (!(expires > runtime.clock.now().getTime())) return { status: 403, body: { ok: false, message: '链接已过期，请重新生成' } }
      const content = await runtime.cloud.storage.read(decodeURIComponent(route.slice('storage/'.length)))
      return content
        ? { status: 200, raw: content, contentType: contentTypeOf(route) }
        : { status: 404, body: { ok: false, code: 'NOT_FOUND', message: '没有这个文件' } }
    }
    const handler = routes[`${method} ${route}`]
    if (!handler) return { status: 404, body: { ok: false, code: 'NOT_FOUND', message: `没有这个开发控制：${method} /__local/${route}` } }
    return handler(body, url)
  }
}
