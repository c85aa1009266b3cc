/**
 * `cloud.openapi.subscribeMessage.send`, local: every message is recorded. A one-time subscription
 * message needs the user's consent: each template the user accepted in `wx.requestSubscribeMessage`
 * allows one message; without it WeChat refuses with 43101 "user refuse to accept the msg"
 * (https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/mp-message-management/subscribe-message/sendMessage.html).
 * The local cloud keeps the consents per user and template (the H5 app's stand-in for the dialog
 * posts them to /__local/subscribe-consent). The checks WeChat applies to
 * the keyword values (a `thing` is at most 20 characters, a `phrase` at most 5 Chinese characters, …) are
 * applied here too, so that a message production would refuse (errCode 47003) is refused locally.
 */
import { RecordBook } from './records'
import { openapiError } from './wx'
import type { WXContextLike } from './payments'

export interface SentMessage {
  touser: string
  templateId: string
  page?: string
  data: Record<string, { value: string }>
  miniprogramState?: string
  lang?: string
  sentAt: Date
  /** the invocation that sent it */
  from: { OPENID: string; SOURCE: string }
  seq: number
}

const len = (s: string) => Array.from(s).length
const HAN = /^[\u3400-\u9fff\uf900-\ufaff]+$/u
const DATE = '(\\d{4}年\\d{1,2}月\\d{1,2}日|\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2})'
const TIME = '\\d{1,2}:\\d{2}(:\\d{2})?'
const POINT = `(${DATE}(\\s*${TIME})?|${TIME})`
const TIME_RE = new RegExp(`^${POINT}(\\s*~\\s*${POINT})?$`)

/** Why WeChat would refuse `value` for a keyword named `key` (thing1, time2, …), or undefined. */
export function keywordProblem(key: string, value: unknown): string | undefined {
  if (typeof value !== 'string') return 'value must be a string'
  const kind = key.replace(/\d+$/, '')
  const v = value
  if (v.length === 0) return 'value must not be empty'
  switch (kind) {
    case 'thing':
      return len(v) <= 20 ? undefined : 'thing: at most 20 characters'
    case 'short_thing':
      return len(v) <= 5 ? undefined : 'short_thing: at most 5 characters'
    case 'number':
      return /^[-+]?\d+(\.\d+)?$/.test(v) && len(v) <= 32 ? undefined : 'number: digits only (decimals allowed), at most 32'
    case 'letter':
      return /^[A-Za-z]{1,32}$/.test(v) ? undefined : 'letter: letters only, at most 32'
    case 'symbol':
      return len(v) <= 5 && !/[\p{L}\p{N}]/u.test(v) ? undefined : 'symbol: symbols only, at most 5'
    case 'character_string':
      return len(v) <= 32 && /^[\x21-\x7e]+$/.test(v) ? undefined : 'character_string: digits, letters or symbols, at most 32'
    case 'time':
    case 'date':
      return TIME_RE.test(v.trim()) ? undefined : `${kind}: a date/time such as 2024年5月1日 15:01 or 15:01`
    case 'amount':
      return /^[¥￥$]?\d{1,10}(\.\d{1,2})?元?$/.test(v) ? undefined : 'amount: a currency sign and at most 10 digits, may end with 元'
    case 'phone_number':
      return len(v) <= 17 && /^[\d+\-() ]+$/.test(v) ? undefined : 'phone_number: digits and symbols, at most 17'
    case 'car_number':
      return len(v) <= 8 ? undefined : 'car_number: at most 8 characters'
    case 'name':
      if (HAN.test(v) || /[\u3400-\u9fff]/u.test(v)) return len(v) <= 10 ? undefined : 'name: at most 10 Chinese characters'
      return len(v) <= 20 ? undefined : 'name: at most 20 letters'
    case 'phrase':
      return HAN.test(v) && len(v) <= 5 ? undefined : 'phrase: at most 5 Chinese characters only'
    default:
      return undefined
  }
}

/** How many messages of a template a user still accepts (one per acceptance). */
export interface Consent {
  key: string
  openid: string
  templateId: string
  remaining: number
  acceptedAt: Date
}

export const NO_CONSENT_ERR_CODE = 43101

export class SubscribeMessages {
  readonly book: RecordBook<SentMessage>
  readonly consents: RecordBook<Consent>
  private seq = Date.now()
  /** Consents are read and spent one at a time, so two sends cannot spend one acceptance. */
  private last: Promise<unknown> = Promise.resolve()

  constructor(
    dataDir: string | undefined,
    private now: () => Date,
  ) {
    this.book = new RecordBook<SentMessage>(dataDir, 'subscribe-messages', 'seq')
    this.consents = new RecordBook<Consent>(dataDir, 'subscribe-consents', 'key')
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.last.then(work)
    this.last = run.catch(() => undefined)
    return run
  }

  accept(openid: string, templateIds: string[]): Promise<void> {
    return this.serial(async () => {
      for (const templateId of templateIds) {
        const key = `${openid}\n${templateId}`
        const consent = await this.consents.get(key)
        await this.consents.put({ key, openid, templateId, remaining: (consent?.remaining ?? 0) + 1, acceptedAt: this.now() })
      }
    })
  }

  /** Spends one acceptance of (openid, template), or says there is none. */
  private spend(openid: string, templateId: string): Promise<boolean> {
    return this.serial(async () => {
      const consent = await this.consents.get(`${openid}\n${templateId}`)
      if (!consent || consent.remaining < 1) return false
      await this.consents.put({ ...consent, remaining: consent.remaining - 1 })
      return true
    })
  }

  async clear(): Promise<void> {
    await this.book.clear()
    await this.consents.clear()
  }

  async close(): Promise<void> {
    await this.book.close()
    await this.consents.close()
  }

  async send(msg: any, ctx: WXContextLike): Promise<{ errCode: number; errMsg: string }> {
    const api = 'openapi.subscribeMessage.send'
    const fail = (code: number, text: string) => openapiError(api, code, text)
    if (!msg || typeof msg.touser !== 'string' || !msg.touser) throw fail(40003, 'invalid openid')
    if (typeof msg.templateId !== 'string' || !msg.templateId) throw fail(40037, 'invalid template_id')
    if (!msg.data || typeof msg.data !== 'object') throw fail(47003, 'argument invalid! data is required')
    for (const [k, v] of Object.entries(msg.data as Record<string, any>)) {
      const problem = keywordProblem(k, v?.value)
      if (problem) throw fail(47003, `argument invalid! data.${k}.value ${problem}`)
    }
    if (msg.miniprogramState !== undefined && !['developer', 'trial', 'formal'].includes(msg.miniprogramState)) {
      throw fail(47003, 'argument invalid! miniprogramState must be developer, trial or formal')
    }
    if (!(await this.spend(msg.touser, msg.templateId))) throw fail(NO_CONSENT_ERR_CODE, 'user refuse to accept the msg')
    const record: SentMessage = {
      touser: msg.touser,
      templateId: msg.templateId,
      ...(msg.page !== undefined ? { page: String(msg.page) } : {}),
      data: JSON.parse(JSON.stringify(msg.data)),
      ...(msg.miniprogramState !== undefined ? { miniprogramState: msg.miniprogramState } : {}),
      ...(msg.lang !== undefined ? { lang: msg.lang } : {}),
      sentAt: this.now(),
      from: { OPENID: ctx.OPENID, SOURCE: ctx.SOURCE },
      seq: this.seq++,
    }
    await this.book.put(record)
    return { errCode: 0, errMsg: `${api}:ok` }
  }
}
