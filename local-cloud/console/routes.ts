/**
 * The console's dev controls (under /__local/, so refused outside local mode like every other):
 * the page itself, the request list, a read-only data browser, personas, the in-app messages sent,
 * cron jobs, the clock back to real time and refunds settled by hand.
 */
import { randomBytes } from 'node:crypto'
import { collections } from '../../database/collections'
import { cronJobs } from '../../functions/cron/jobs'
import type { UserRecord } from '../../functions/_lib/caller'
import { MESSAGES } from '../../functions/_lib/notify'
import type { ControlAnswer, ControlRoutes } from '../types'
import { consoleBundle, consolePage } from './bundle'
import { paySheet } from './pay-sheet'
import { parseWhere, fieldPaths, toSdkCondition, WhereSyntaxError } from './where'

/**
 * Personal fields of counseling records: the console shows only their length, and refuses a query
 * that tests them (a query is a way to read a field too). The console is a developer's view, not a
 * back door into what PRODUCT.md keeps between a worker and a counselor.
 */
export const PERSONAL_FIELDS: Record<string, string[]> = {
  counselingBookings: [
    'topic',
    'description',
    'nickname',
    'clientName',
    'phone',
    'crisisWords',
    'feedback.text',
    'cancellation.reason',
    'declineReason',
  ],
  counselingNotes: ['text'],
}

/** The same information as it travels in counseling calls (intake, notes, feedback, reasons): hidden in the request list too. */
const PERSONAL_CALL_KEYS = new Set([
  'topic',
  'description',
  'nickname',
  'clientName',
  'phone',
  'crisisWords',
  'text',
  'note',
  'reason',
  'declineReason',
])

const MAX_DOCUMENTS = 100

function isPersonal(collection: string, path: string): boolean {
  return (PERSONAL_FIELDS[collection] ?? []).some((field) => path === field || path.startsWith(`${field}.`) || field.startsWith(`${path}.`))
}

/** A personal value as its length only: "12 字" for text, "2 项" for a list. */
function lengthOnly(value: unknown): string {
  if (typeof value === 'string') return `〈已隐藏 · ${value.length} 字〉`
  if (Array.isArray(value)) return `〈已隐藏 · ${value.length} 项〉`
  return value === null || value === undefined ? String(value) : '〈已隐藏〉'
}

export function redact(collection: string, doc: Record<string, any>): Record<string, any> {
  const fields = PERSONAL_FIELDS[collection]
  if (!fields) return doc
  const copy = structuredClone(doc)
  for (const field of fields) {
    const keys = field.split('.')
    let holder: any = copy
    for (const key of keys.slice(0, -1)) holder = holder && typeof holder === 'object' ? holder[key] : undefined
    const last = keys[keys.length - 1]
    if (holder && typeof holder === 'object' && last in holder && holder[last] !== null) holder[last] = lengthOnly(holder[last])
  }
  return copy
}

function redactKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactKeys)
  if (!value || typeof value !== 'object') return value
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      PERSONAL_CALL_KEYS.has(key) && inner !== null ? lengthOnly(inner) : redactKeys(inner),
    ]),
  )
}

/** A counseling call's request or answer with its personal fields as length only; unreadable (cut) text is not shown. */
function redactCounselingJson(text: string | undefined): string | undefined {
  if (text === undefined) return undefined
  try {
    return JSON.stringify(redactKeys(JSON.parse(text)), null, 2)
  } catch {
    return '（含心理咨询的个人信息，内容过长已截断，不显示）'
  }
}

const ok = (data: unknown): ControlAnswer => ({ status: 200, body: { ok: true, data } })
const refused = (message: string): ControlAnswer => ({ status: 400, body: { ok: false, message } })

export const consoleRoutes: ControlRoutes = (runtime) => {
  const db = () => runtime.cloud.sdkFor({ OPENID: '', SOURCE: 'local_console' }).database()
  const known = new Set(collections.map((spec) => spec.name))

  return {
    'GET console': async () => ({ status: 200, raw: Buffer.from(consolePage()), contentType: 'text/html; charset=utf-8' }),
    'GET console/': async () => ({ status: 200, raw: Buffer.from(consolePage()), contentType: 'text/html; charset=utf-8' }),
    'GET console/console.js': async () => ({
      status: 200,
      raw: Buffer.from((await consoleBundle()).js),
      contentType: 'text/javascript; charset=utf-8',
    }),
    'GET console/console.css': async () => ({
      status: 200,
      raw: Buffer.from((await consoleBundle()).css),
      contentType: 'text/css; charset=utf-8',
    }),

    /** Newest first, without bodies; `requests/one?id=` has the request and answer. */
    'GET requests': async () => ok(runtime.calls.list()),
    'GET requests/one': async (_body, url) => {
      const call = runtime.calls.get(Number(url.searchParams.get('id')))
      if (!call) return { status: 404, body: { ok: false, message: '没有这次调用（只保留最近 500 次）' } }
      if (call.fn !== 'counseling') return ok(call)
      return ok({ ...call, request: redactCounselingJson(call.request), answer: redactCounselingJson(call.answer) })
    },
    'POST requests/clear': async () => {
      runtime.calls.clear()
      return ok(null)
    },

    'GET data': async () =>
      ok(
        await Promise.all(
          collections.map(async (spec) => ({
            name: spec.name,
            description: spec.description,
            count: (await db().collection(spec.name).count()).total,
            personalFields: PERSONAL_FIELDS[spec.name] ?? [],
          })),
        ),
      ),
    /** ?collection=&where=&limit=: the latest documents (by createdAt, else _id) matching a where() condition. */
    'GET data/query': async (_body, url) => {
      const collection = url.searchParams.get('collection') ?? ''
      if (!known.has(collection)) return refused(`没有集合「${collection}」`)
      const limit = Math.min(Math.max(Number(url.searchParams.get('limit')) || 20, 1), MAX_DOCUMENTS)
      let condition: unknown
      try {
        const node = parseWhere(url.searchParams.get('where') ?? '')
        const personal = fieldPaths(node).find((path) => isPersonal(collection, path))
        if (personal) return refused(`「${personal}」是咨询记录中的个人信息，控制台不能按它查询`)
        condition = toSdkCondition(node, db())
      } catch (error) {
        if (error instanceof WhereSyntaxError) return refused(`查询条件有误：${error.message}`)
        throw error
      }
      const database = db()
      const query = database.collection(collection).where(condition as any)
      try {
        const [{ total }, sample] = await Promise.all([query.count(), database.collection(collection).limit(1).get()])
        const newestFirst = sample.data[0] && 'createdAt' in sample.data[0] ? 'createdAt' : '_id'
        const { data } = await query.orderBy(newestFirst, 'desc').limit(limit).get()
        return ok({ total, orderedBy: newestFirst, documents: data.map((doc: Record<string, any>) => redact(collection, doc)) })
      } catch (error) {
        return refused(`数据库拒绝了查询：${(error as Error).message}`)
      }
    },

    /** Everyone who has used the app (the seeded people first), with their roles. */
    'GET personas': async () => {
      const { data } = await db().collection('users').orderBy('_id', 'asc').limit(MAX_DOCUMENTS).get()
      return ok(
        (data as UserRecord[]).map((user) => ({
          openid: user._id,
          name: user.profile?.realName ?? null,
          roles: [
            user.roles?.admin ? '管理员' : null,
            user.roles?.organizerTeams?.length ? '组织者' : null,
            user.roles?.counselorId ? '咨询师' : null,
          ].filter(Boolean),
        })),
      )
    },
    /** A new worker: a fresh OPENID whose first call creates the user, as opening the app in WeChat does. */
    'POST personas': async () => {
      const openid = `local-new-${randomBytes(3).toString('hex')}`
      const answer = await runtime.call('user', openid, { action: 'me' })
      return answer.ok ? ok({ openid }) : refused(answer.message ?? answer.code)
    },

    /** The in-app messages (站内消息) the functions wrote, newest first. */
    'GET inbox': async () => {
      const { data } = await db().collection(MESSAGES).orderBy('createdAt', 'desc').limit(MAX_DOCUMENTS).get()
      return ok(data)
    },

    'GET cron/jobs': async () => ok(cronJobs.map(({ name, description }) => ({ name, description }))),

    /** The clock runs at real time again (no offset, not frozen). */
    'POST clock/real': async () => {
      runtime.clock.reset()
      return ok({ now: runtime.clock.now(), offsetMs: runtime.clock.offsetMs(), frozen: runtime.clock.frozen() })
    },

    /** How the app's payments are decided: at once (auto), or by the developer on the console. */
    'GET payments/sheet': async () => ok({ mode: paySheet(runtime).mode, waiting: paySheet(runtime).waiting() }),
    /** { mode: auto | console } */
    'POST payments/sheet': async (body) => {
      if (body.mode !== 'auto' && body.mode !== 'console') return refused('mode 应为 auto 或 console')
      paySheet(runtime).mode = body.mode
      return ok({ mode: body.mode, waiting: paySheet(runtime).waiting() })
    },
    /** { outTradeNo, succeed }: the payer's choice, for an order the app waits on or any unpaid one. */
    'POST payments/decide': async (body) => {
      if (typeof body.outTradeNo !== 'string') return refused('缺少 outTradeNo')
      const order = await runtime.cloud.payments.get(body.outTradeNo)
      if (!order) return refused('没有这个支付订单')
      if (order.status !== 'NOTPAY') return refused('这个订单已经有支付结果了')
      await paySheet(runtime).decide(body.outTradeNo, body.succeed !== false)
      return ok(null)
    },

    /** { outRefundNo, succeed }: WeChat Pay finishes a refund (asynchronous in production) and calls back. */
    'POST refunds/settle': async (body) => {
      if (typeof body.outRefundNo !== 'string') return refused('缺少 outRefundNo')
      return ok(await runtime.cloud.refunds.settle(body.outRefundNo, body.succeed !== false))
    },
  }
}
