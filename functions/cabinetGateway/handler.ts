/**
 * cabinetGateway: the HTTP endpoint cabinets (or the vendor's gateway) post their events to
 * (CONTRACT.md, cabinet protocol). Every request is authenticated by the cabinet's HMAC signature over
 * its timestamp and raw body; a stale timestamp (over 5 minutes) or a bad signature is refused, a
 * repeated eventId is answered as before without changing anything.
 */
import { action, defineFunction, type ActionContext, type FunctionDefinition, type DeployOptions } from '../_lib/define'
import { AppError, type Envelope } from '../_lib/envelope'
import * as s from '../_lib/schema'
import { verifyCabinetRequest } from './signature'
import { findById } from '../_lib/documents'
import { applyCabinetEvent, type CabinetEvent } from '../bookcase/events'
import { CABINETS, type CabinetRecord } from '../bookcase/records'

export interface HttpEvent {
  headers?: Record<string, string>
  body?: string
  isBase64Encoded?: boolean
}

export interface HttpAnswer {
  statusCode: number
  headers: Record<string, string>
  body: string
}

const MAX_BODY_CHARS = 60 * 1024

const eventId = s.string({ min: 1, max: 64, pattern: /^[A-Za-z0-9_.:-]+$/, patternMessage: '应为有效的事件编号' })
const door = s.integer({ min: 1, max: 200 })
const tags = s.array(s.string({ min: 1, max: 40 }), { max: 200 })
// Any number: an `at` out of bounds is the cabinet's clock going wrong, answered with the receive time (events.ts).
const common = { eventId, at: s.number({ min: -Number.MAX_VALUE, max: Number.MAX_VALUE }) }

/** The cabinet's events (CONTRACT.md, cabinet protocol), told apart by `type`. */
const cabinetEvent = s.variant('type', {
  heartbeat: s.object({ ...common, doors: s.array(s.object({ door, closed: s.boolean(), tags }), { max: 200 }) }),
  doorOpened: s.object({ ...common, commandId: s.id(), door }),
  openFailed: s.object({ ...common, commandId: s.id(), door, reason: s.string({ max: 200 }) }),
  doorClosed: s.object({ ...common, commandId: s.optional(s.id()), door, tags }),
})

function parseEvent(raw: string): CabinetEvent {
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    throw new AppError('INVALID_ARGUMENT', '事件不是有效的 JSON')
  }
  const { at, ...event } = cabinetEvent.parse(value, '')
  return { ...event, at: new Date(at) }
}

async function receive(ctx: ActionContext, input: { cabinetId: string; timestamp?: string; signature?: string; body: string }) {
  const cabinet = await findById<CabinetRecord>(ctx.db, CABINETS, input.cabinetId)
  if (!cabinet) throw new AppError('UNAUTHENTICATED', '未知的书柜')
  const check = verifyCabinetRequest({
    secret: cabinet.secret,
    timestamp: input.timestamp,
    signature: input.signature,
    rawBody: input.body,
    now: ctx.now,
  })
  if (!check.ok) {
    ctx.log.info('cabinetRequestRefused', { cabinetId: cabinet._id, reason: check.reason })
    throw new AppError('UNAUTHENTICATED', check.reason === 'STALE' ? '请求已过期' : '签名无效')
  }
  // An `at` out of bounds is not refused: the event happened; events.ts counts its receive time instead.
  const event = parseEvent(input.body)
  // Online means heard from within minutes: a cabinet seen in the last 30 s costs no write (a DB request).
  const sinceSeen = cabinet.lastSeenAt ? ctx.now.getTime() - new Date(cabinet.lastSeenAt).getTime() : Infinity
  if (sinceSeen < 0 || sinceSeen >= 30_000)
    await ctx.db
      .collection(CABINETS)
      .doc(cabinet._id)
      .update({ data: { lastSeenAt: ctx.now } })
  return applyCabinetEvent(ctx, cabinet._id, event)
}

/** The signed request as an action, so the framework gives it a context, logging and the envelope. */
/** What CloudBase must know to run it: written into config.json and cloudbaserc.json by the build. */
const deployment: DeployOptions = {
  // one doorClosed may settle several loans and returns (a few writes each) and send their notices
  timeoutSeconds: 10,
  openapi: ['subscribeMessage.send'],
}

const gatewayActions = defineFunction('cabinetGateway', deployment, {
  receive: action({
    access: 'public',
    input: s.object({
      cabinetId: s.string({ min: 1, max: 40 }),
      timestamp: s.optional(s.string({ max: 20 })),
      signature: s.optional(s.string({ max: 128 })),
      body: s.string({ max: MAX_BODY_CHARS, trim: false }),
    }),
    handler: receive,
  }),
})

function statusOf(answer: Envelope): number {
  if (answer.ok) return 200
  if (answer.code === 'UNAUTHENTICATED') return 401
  if (answer.code === 'INVALID_ARGUMENT') return 400
  return 500
}

/** The HTTP event as the action's input; what is not there is left for the input schema to refuse. */
function toAction(event: unknown): Record<string, unknown> {
  const http: { [K in keyof HttpEvent]?: unknown } = typeof event === 'object' && event !== null ? event : {}
  const given = typeof http.headers === 'object' && http.headers !== null ? Object.entries(http.headers) : []
  const headers = Object.fromEntries(given.map(([key, value]) => [key.toLowerCase(), String(value)]))
  const body = http.isBase64Encoded && typeof http.body === 'string' ? Buffer.from(http.body, 'base64').toString('utf8') : http.body
  return {
    action: 'receive',
    cabinetId: headers['x-cabinet-id'] ?? '',
    timestamp: headers['x-timestamp'],
    signature: headers['x-signature'],
    body: body ?? '',
  }
}

export const cabinetGatewayFunction: FunctionDefinition<HttpAnswer> = {
  name: 'cabinetGateway',
  actions: gatewayActions.actions,
  deploy: gatewayActions.deploy,
  createMain(deps) {
    const main = gatewayActions.createMain(deps)
    return async (event) => {
      const answer = await main(toAction(event))
      return { statusCode: statusOf(answer), headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(answer) }
    }
  },
}
