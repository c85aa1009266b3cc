/**
 * The database service side of the wire protocol that `@cloudbase/database` (inside `wx-server-sdk`)
 * speaks: `database.getDocument`, `database.modifyDocument`, … with EJSON-encoded queries and data.
 * Answers have the service's shape (`{ data: {...} }` or `{ code, message }`), which the real SDK then
 * turns into its usual results and errors.
 */
import { randomBytes } from 'crypto'
import { DbError, DocumentStore } from './store'
import { AnyDoc, isPlainObject, runPipeline } from './mongo'
import type { DbBackend } from './wx'

/** The most documents one `get()` returns on the server SDK; a larger `limit()` is refused. */
export const MAX_LIMIT = 100
/** What an aggregation answers at most without its own `$limit` stage. */
export const AGGREGATE_DEFAULT_LIMIT = 20

const TX_ONLY_SINGLE_DOC =
  '[InvalidOperation] only single-document operations are allowed in a transaction: ' +
  'transaction.collection(name).doc(id).get/set/update/remove and transaction.collection(name).add'

export class DatabaseBackend implements DbBackend {
  constructor(
    private store: DocumentStore,
    private EJSON: any,
    private now: () => Date,
    private ready: () => Promise<void>,
    /** Told of every request: each one is a billed DB request (the runtime counts them per call). */
    private onRequest: (action: string, params: any) => void = () => undefined,
  ) {}

  async send(action: string, params: any = {}): Promise<any> {
    const requestId = randomBytes(8).toString('hex')
    this.onRequest(action, params)
    try {
      await this.ready()
      const res = await this.handle(action, params ?? {})
      return { requestId, ...res }
    } catch (e) {
      if (e instanceof DbError) return { requestId, code: e.code, message: e.message }
      return { requestId, code: 'DATABASE_REQUEST_FAILED', message: `[InternalError] ${(e as Error)?.message ?? String(e)}` }
    }
  }

  private decode(s: unknown): any {
    if (s === undefined || s === null || s === '') return undefined
    const v = typeof s === 'string' ? this.EJSON.parse(s) : s
    return this.resolve(v)
  }

  /** Server-side values: `db.serverDate()` becomes the clock's time; BSON regexes become RegExps. */
  private resolve(v: any): any {
    if (v === null || typeof v !== 'object') return v
    if (v instanceof Date) return v
    if (Array.isArray(v)) return v.map((x) => this.resolve(x))
    if (v._bsontype === 'BSONRegExp') {
      return new RegExp(v.pattern, String(v.options ?? '').replace(/[^imsu]/g, ''))
    }
    if (v._bsontype) return v
    if (!isPlainObject(v)) return v
    const keys = Object.keys(v)
    if (keys.length === 1 && keys[0] === '$tcb_server_date') {
      const offset = Number(v.$tcb_server_date?.offset ?? 0) || 0
      return new Date(this.now().getTime() + offset)
    }
    if (keys.length === 1 && keys[0] === '$regularExpression' && isPlainObject(v.$regularExpression)) {
      const { pattern, options } = v.$regularExpression
      return new RegExp(pattern, String(options ?? '').replace(/[^imsu]/g, ''))
    }
    const out: AnyDoc = {}
    for (const k of keys) out[k] = this.resolve(v[k])
    return out
  }

  private encodeDoc(d: AnyDoc): string {
    return this.EJSON.stringify(d, { relaxed: false })
  }

  private idOf(query: AnyDoc | undefined): any {
    const id = query?._id
    if (id === undefined || (typeof id !== 'string' && typeof id !== 'number')) {
      throw new DbError('INVALID_PARAM', '[InvalidParameter] a document _id is required')
    }
    return id
  }

  private async handle(action: string, p: any): Promise<AnyDoc> {
    const store = this.store
    const coll: string = p.collectionName
    const tx: string | undefined = p.transactionId || undefined
    switch (action) {
      case 'database.getDocument': {
        const query = this.decode(p.query)
        const projection = this.decode(p.projection)
        if (tx) {
          if (p.queryType !== 'DOC') throw new DbError('DATABASE_REQUEST_FAILED', TX_ONLY_SINGLE_DOC)
          const doc = await store.txGet(tx, coll, this.idOf(query), projection)
          return { data: { list: doc ? [this.encodeDoc(doc)] : [] } }
        }
        const limit = p.limit === undefined ? undefined : Number(p.limit)
        if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
          throw new DbError('INVALID_PARAM', `[InvalidParameter] limit must be a non-negative integer, got ${p.limit}`)
        }
        if (limit !== undefined && limit > MAX_LIMIT) {
          throw new DbError(
            'INVALID_PARAM',
            `[InvalidParameter] limit ${limit} exceeds the maximum of ${MAX_LIMIT} documents per get() on the server SDK; page with skip()`,
          )
        }
        const skip = p.offset === undefined ? 0 : Number(p.offset)
        if (!Number.isInteger(skip) || skip < 0)
          throw new DbError('INVALID_PARAM', `[InvalidParameter] skip must be a non-negative integer`)
        const orderObj = this.decode(p.order)
        const order: [string, number][] = orderObj ? Object.entries(orderObj).map(([k, v]) => [k, Number(v) < 0 ? -1 : 1]) : []
        const docs = await store.find(coll, query, {
          order,
          skip,
          limit: limit ?? (p.queryType === 'DOC' ? undefined : MAX_LIMIT),
          projection,
        })
        return { data: { list: docs.map((d) => this.encodeDoc(d)), offset: skip, limit: limit ?? MAX_LIMIT } }
      }
      case 'database.aggregateDocuments': {
        if (tx) throw new DbError('DATABASE_REQUEST_FAILED', TX_ONLY_SINGLE_DOC)
        const stages: { stage: string; value: any }[] = (Array.isArray(p.stages) ? p.stages : []).map((s: any) => ({
          stage: String(s?.stageKey),
          value: this.decode(s?.stageValue),
        }))
        // The first $match is the store's query (through its indexes); the rest runs on what it found.
        const first = stages[0]?.stage === '$match' ? stages.shift()!.value : undefined
        const docs = await store.find(coll, first)
        let list: AnyDoc[]
        try {
          list = runPipeline(docs, stages)
        } catch (e) {
          throw new DbError('DATABASE_REQUEST_FAILED', `[FailedOperation] ${(e as Error).message}`)
        }
        // Without a $limit stage, CloudBase answers at most 20 results of an aggregation (measured by
        // developers: https://developers.weixin.qq.com/community/develop/doc/0006ee7caecd8020df7b559b451800).
        if (!stages.some((s) => s.stage === '$limit')) list = list.slice(0, AGGREGATE_DEFAULT_LIMIT)
        return { data: { list: list.map((d) => this.encodeDoc(d)) } }
      }
      case 'database.calculateDocument': {
        const total = await store.count(coll, this.decode(p.query))
        return { data: { total } }
      }
      case 'database.insertDocument': {
        const docs: AnyDoc[] = (Array.isArray(p.data) ? p.data : [p.data]).map((s: unknown) => this.decode(s))
        for (const d of docs) {
          if (!isPlainObject(d)) throw new DbError('INVALID_PARAM', '[InvalidParameter] data must be an object')
        }
        if (tx) {
          if (docs.length !== 1) throw new DbError('DATABASE_REQUEST_FAILED', TX_ONLY_SINGLE_DOC)
          const id = await store.txInsert(tx, coll, docs[0])
          return { data: { insertedIds: [id] } }
        }
        const ids = await store.insert(coll, docs)
        return { data: { insertedIds: ids } }
      }
      case 'database.modifyDocument': {
        const query = this.decode(p.query)
        const data = this.decode(p.data)
        if (!isPlainObject(data)) throw new DbError('INVALID_PARAM', '[InvalidParameter] data must be an object')
        if (p.merge === false) {
          // doc(id).set(): replace the document, or create it
          const id = this.idOf(query)
          const r = tx ? await store.txReplace(tx, coll, id, data) : await store.replace(coll, id, data)
          return { data: { updated: r.updated, upsert_id: r.upsertedId } }
        }
        if (tx) {
          if (p.queryType !== 'DOC') throw new DbError('DATABASE_REQUEST_FAILED', TX_ONLY_SINGLE_DOC)
          return { data: { updated: await store.txUpdate(tx, coll, this.idOf(query), data) } }
        }
        const multi = p.queryType === 'DOC' ? false : p.multi !== false
        return { data: { updated: await store.update(coll, query, data, multi) } }
      }
      case 'database.removeDocument': {
        const query = this.decode(p.query)
        if (tx) {
          if (p.queryType !== 'DOC') throw new DbError('DATABASE_REQUEST_FAILED', TX_ONLY_SINGLE_DOC)
          return { data: { deleted: await store.txRemove(tx, coll, this.idOf(query)) } }
        }
        const multi = p.queryType === 'DOC' ? false : p.multi !== false
        return { data: { deleted: await store.remove(coll, query, multi) } }
      }
      case 'database.startTransaction':
        return { transactionId: await store.startTransaction() }
      case 'database.commitTransaction':
        await store.commit(p.transactionId)
        return {}
      case 'database.abortTransaction':
        await store.abort(p.transactionId)
        return {}
      case 'database.addCollection':
        await store.createCollection(coll)
        return {}
      default:
        throw new DbError('DATABASE_REQUEST_FAILED', `[UnsupportedOperation] ${action} is not supported by the local cloud`)
    }
  }
}
