/**
 * What each cloud call costs, measured where CloudBase bills it: every request that reaches the
 * database service (`DatabaseBackend.send`, the service side of wx-server-sdk's wire protocol) is one
 * billed DB request and one network round trip. AsyncLocalStorage ties each request to the invocation
 * in progress, so concurrent and nested calls (callFunction, payNotify from a settled payment) each
 * count their own. The runtime keeps the latest calls for the console's request list and adds the
 * counts to each function's `call` log line.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { setCallLogFields } from '../functions/_lib/log'

export interface DbRequestCounts {
  /** Queries and counts outside a transaction (`getDocument`, `calculateDocument`, …). */
  reads: number
  /** Inserts, updates, replaces and removes outside a transaction. */
  writes: number
  /** Every request of a transaction: start, each get/set/update/remove/add in it, commit or abort. */
  transaction: number
}

export interface CallRecord {
  id: number
  /** The local clock's time when the call arrived (ISO). */
  at: string
  fn: string
  action: string
  /** The WeChat context's OPENID ('' for triggers, pay callbacks and HTTP gateways). */
  openid: string
  source: string
  /** Settled when the call answers; null while it runs. */
  ok: boolean | null
  code?: string
  ms: number
  db: DbRequestCounts
  /** The event as the function received it, and its answer (JSON; cut at MAX_JSON_CHARS). */
  request: string
  answer?: string
}

export type CallSummary = Omit<CallRecord, 'request' | 'answer'>

const KEEP_CALLS = 500
const MAX_JSON_CHARS = 32 * 1024

const current = new AsyncLocalStorage<CallRecord>()

/** The DB request kinds by wire action: reads answer data, everything else changes it. */
const READ_ACTIONS = new Set(['database.getDocument', 'database.calculateDocument', 'database.aggregateDocuments'])
const TRANSACTION_CONTROL = new Set(['database.startTransaction', 'database.commitTransaction', 'database.abortTransaction'])

export function classifyDbRequest(action: string, params: { transactionId?: unknown } | undefined): keyof DbRequestCounts {
  if (TRANSACTION_CONTROL.has(action) || params?.transactionId) return 'transaction'
  return READ_ACTIONS.has(action) ? 'reads' : 'writes'
}

/** Counts one request to the database service against the call in progress (none: seeding, the console). */
export function countDbRequest(action: string, params: { transactionId?: unknown } | undefined): void {
  const call = current.getStore()
  if (call) call.db[classifyDbRequest(action, params)] += 1
}

// The function's own `call` log line carries the counts of the call it ends.
setCallLogFields(() => {
  const call = current.getStore()
  return call ? { db: { ...call.db } } : undefined
})

function toJson(value: unknown): string {
  let text: string
  try {
    text = JSON.stringify(value, null, 2) ?? 'undefined'
  } catch {
    text = String(value)
  }
  return text.length > MAX_JSON_CHARS ? `${text.slice(0, MAX_JSON_CHARS)}\n…（已截断，共 ${text.length} 字符）` : text
}

function parseJson(text: unknown): any {
  if (typeof text !== 'string') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** The action a call names: `data.action`, a cabinet event's type, a timer trigger's `run`. */
function actionOf(fn: string, event: any): string {
  if (event && typeof event === 'object') {
    if (typeof event.action === 'string') return event.action
    if (typeof event.httpMethod === 'string') return parseJson(event.body)?.type ?? event.httpMethod
    if (fn === 'payNotify') return typeof event.resultCode === 'string' ? `notify ${event.resultCode}` : 'notify'
  }
  return fn === 'cron' ? 'run' : '?'
}

/** ok/code from any of the answer shapes: the envelope, an HTTP response, WeChat Pay's `{ errcode }`. */
function outcomeOf(answer: any): { ok: boolean; code?: string } {
  if (answer && typeof answer === 'object') {
    if (typeof answer.ok === 'boolean') return { ok: answer.ok, code: answer.ok ? undefined : answer.code }
    if (typeof answer.statusCode === 'number') {
      const body = parseJson(answer.body)
      return answer.statusCode < 400 ? { ok: true } : { ok: false, code: body?.code ?? `HTTP ${answer.statusCode}` }
    }
    if (typeof answer.errcode === 'number') return answer.errcode === 0 ? { ok: true } : { ok: false, code: `errcode ${answer.errcode}` }
  }
  return { ok: true }
}

export interface CallLog {
  /** Runs one invocation as a recorded call. */
  record<T>(fn: string, event: unknown, context: { OPENID: string; SOURCE: string }, at: Date, run: () => Promise<T>): Promise<T>
  /** Newest first, without request and answer (the live list polls this). */
  list(): CallSummary[]
  /** One call with its request and answer. */
  get(id: number): CallRecord | undefined
  clear(): void
}

export function createCallLog(): CallLog {
  let calls: CallRecord[] = []
  let nextId = 1
  return {
    async record(fn, event, context, at, run) {
      const call: CallRecord = {
        id: nextId++,
        at: at.toISOString(),
        fn,
        action: actionOf(fn, event),
        openid: context.OPENID,
        source: context.SOURCE,
        ok: null,
        ms: 0,
        db: { reads: 0, writes: 0, transaction: 0 },
        request: toJson(event),
      }
      calls.push(call)
      if (calls.length > KEEP_CALLS) calls = calls.slice(-KEEP_CALLS)
      const started = Date.now()
      try {
        const answer = await current.run(call, run)
        Object.assign(call, outcomeOf(answer), { answer: toJson(answer) })
        return answer
      } catch (error) {
        Object.assign(call, { ok: false, code: 'THROWN', answer: error instanceof Error ? (error.stack ?? error.message) : String(error) })
        throw error
      } finally {
        call.ms = Date.now() - started
      }
    },
    list() {
      return calls
        .slice()
        .reverse()
        .map(({ request: _request, answer: _answer, ...summary }) => ({ ...summary, db: { ...summary.db } }))
    },
    get: (id) => calls.find((call) => call.id === id),
    clear() {
      calls = []
    },
  }
}
