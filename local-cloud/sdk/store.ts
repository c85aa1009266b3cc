/**
 * The local cloud database: collections kept in nedb datastores (one file per collection under
 * `<dataDir>/db`, or in memory), with CloudBase/MongoDB semantics on top:
 *
 * - no store-wide lock: an operation reads, checks and applies its change to the documents it touches
 *   in one synchronous step (no await inside), so a single-document operation — including a conditional
 *   update such as `where({ _id, seats: _.gt(0) }).update({ seats: _.inc(-1) })` — and a unique-index
 *   check with its claim are atomic; the change is then written to its collection's file (nedb keeps
 *   a file's writes in order) and the operation answers once it is written. Until then a reader of that
 *   document waits for the write (a later change of it is applied on top and answers after it); an
 *   operation on any other document waits for nothing. A document a transaction wrote is locked until
 *   the transaction ends (below);
 * - the declared indexes are real: hash indexes on every prefix of each index's fields find the candidates of
 *   an equality query (and `_id`, `_.in([...])` on `_id` or on an index's first field) without scanning,
 *   and a unique index is a map from key to document, enforced the MongoDB way (a missing field counts as null; arrays are multikey);
 * - transactions follow the CloudBase documentation: snapshot isolation (reads see the data as it was
 *   when the transaction started, plus its own writes); a write inside a transaction locks the document:
 *   another transaction writing it fails at once with a conflict, and so does a write to a document
 *   changed by someone else since the transaction started; non-transactional writes to a locked document
 *   wait until the lock is released; writes are buffered and applied atomically on commit; a transaction
 *   not committed within its lifetime (10 s) is rolled back;
 * - a commit is atomic across a crash: its writes are first put in its own journal file (written whole,
 *   by rename), then applied, then the journal is removed; journals found at open are applied again;
 *   a datafile line cut by a crash mid-append (an unacknowledged write) is dropped at open.
 */
import * as fs from 'fs'
import * as path from 'path'
import { randomBytes } from 'crypto'
import Datastore from '@seald-io/nedb'
import type { CollectionSpec } from '../../database/collections'
import {
  AnyDoc,
  MongoError,
  applyUpdate,
  checkStorable,
  deepClone,
  describeKey,
  indexKeys,
  isPlainObject,
  matchDoc,
  projectDoc,
  sortDocs,
  valuesEqual,
} from './mongo'

/** An error the database service reports (`code` as CloudBase's `@cloudbase/database` codes). */
export class DbError extends Error {
  constructor(
    public code: string,
    message: string,
  ) {
    super(message)
    this.name = 'DbError'
  }
}

export const conflictError = (what: string) =>
  new DbError(
    'DATABASE_TRANSACTION_CONFLICT',
    `[DATABASE_TRANSACTION_CONFLICT] transaction conflict: ${what}. Please retry the transaction.`,
  )

interface UniqueIndex {
  name: string
  fields: string[]
  /** index key → key of the document holding it */
  owners: Map<string, string>
}

/** Equality lookups on the first k fields of a declared index (k = 1…n): composite key → `_id`s. */
interface Lookup {
  fields: string[]
  byPrefix: Map<string, Set<any>>[]
  /** ranges[k]: for each key of the first k fields, the documents ordered by field k (k = 0…n−1) */
  ranges: Map<string, RangeIndex>[]
}

/** Documents ordered by one field's number or date value; any other value (or several) is in `others`. */
interface RangeIndex {
  nums: [number, any][]
  dates: [number, any][]
  others: Set<any>
}

type RangeBounds = { kind: 'nums' | 'dates'; lo?: [number, boolean]; hi?: [number, boolean] }

interface Coll {
  name: string
  ds: Datastore
  uniques: UniqueIndex[]
  lookups: Lookup[]
  /** writes appended to the datafile since it was last compacted */
  appended: number
  /** documents changed whose write to nedb is not done yet: their state now (null = removed), and that write */
  pending: Map<any, Pending>
}

interface Pending {
  doc: AnyDoc | null
  written: Promise<void>
}

/** nedb appends every write to the datafile; rewrite it after this many. */
const COMPACT_AFTER = 1000

interface TxWrite {
  coll: string
  id: any
  doc: AnyDoc | null // null = deleted
}

interface Tx {
  id: string
  startSeq: number
  deadline: number
  state: 'active' | 'committed' | 'aborted'
  /** its writes are being applied: no more operations, no rollback */
  committing: boolean
  snapshot: Map<string, AnyDoc | null>
  writes: Map<string, TxWrite>
  locks: Set<string>
  done: Promise<void>
  finish: () => void
  timer?: ReturnType<typeof setTimeout>
  abortReason?: string
}

/** What a write did at once: its answer (or error, after the writes it made) and the writes to wait for. */
interface Step<T> {
  result: T
  written: Promise<void>[]
  error?: unknown
}

/** A write refused part way (a unique key taken by its n-th document): the documents before stay written. */
function failAfter<T>(written: Promise<void>[], error: unknown): Step<T> {
  return { result: undefined as T, written, error }
}

/** A document is locked by a transaction: try again once `until` (its end) settles. */
class Blocked {
  constructor(public until: Promise<void>) {}
}

export interface FindOptions {
  order?: [string, number][]
  skip?: number
  limit?: number
  projection?: AnyDoc
}

export interface StoreOptions {
  dataDir?: string
  collections: CollectionSpec[]
  now: () => Date
  /** Operations on collections not declared are refused, as on CloudBase where a collection must exist. */
  strictCollections: boolean
  transactionTimeoutMs: number
}

const keyOf = (coll: string, id: any) => `${coll}\u0000${typeof id}:${String(id)}`

export class DocumentStore {
  private colls = new Map<string, Coll>()
  /** Creating, resetting and closing collections run one at a time (never document operations). */
  private schemaQueue: Promise<unknown> = Promise.resolve()
  /** Writes to nedb not done yet: closing waits for them. */
  private inflight = new Set<Promise<void>>()
  private seq = 0
  private versions = new Map<string, number>()
  private active = new Map<string, Tx>()
  private txs = new Map<string, Tx>()
  private locks = new Map<string, Tx>()
  private closed = false

  constructor(private opts: StoreOptions) {}

  async open(): Promise<void> {
    if (this.opts.dataDir) fs.mkdirSync(path.join(this.opts.dataDir, 'db'), { recursive: true })
    for (const spec of this.opts.collections) await this.addCollection(spec.name, spec.indexes)
    await this.replayJournal()
  }

  /** Each commit its own journal: commits run side by side (on different documents). */
  private journalFile(txId: string): string | undefined {
    return this.opts.dataDir ? path.join(this.opts.dataDir, 'db', `commit-${txId}.journal`) : undefined
  }

  /** Records a commit's writes before any is applied; the rename makes the journal whole or absent. */
  private writeJournal(txId: string, writes: TxWrite[]): void {
    const file = this.journalFile(txId)
    if (!file) return
    fs.writeFileSync(`${file}.tmp`, serializeWrites(writes))
    fs.renameSync(`${file}.tmp`, file)
  }

  private clearJournal(txId: string): void {
    const file = this.journalFile(txId)
    if (file) fs.rmSync(file, { force: true })
  }

  /**
   * Commits the process died inside: apply all their writes again (each is a whole document state).
   * Their documents were locked until the journal was removed, so nothing wrote them since.
   */
  private async replayJournal(): Promise<void> {
    if (!this.opts.dataDir) return
    const dir = path.join(this.opts.dataDir, 'db')
    for (const name of fs.readdirSync(dir).filter((one) => /^commit.*\.journal$/.test(one))) {
      const file = path.join(dir, name)
      for (const w of deserializeWrites(fs.readFileSync(file, 'utf8'))) {
        const c = await this.collFor(w.coll)
        await this.writeDoc(c, w.id, this.getById(c, w.id) ?? null, w.doc).written
      }
      fs.rmSync(file, { force: true })
    }
  }

  private async addCollection(name: string, indexes: CollectionSpec['indexes']): Promise<Coll> {
    const filename = this.opts.dataDir ? path.join(this.opts.dataDir, 'db', `${name}.db`) : undefined
    if (filename) dropCutLine(filename)
    const ds = filename ? new Datastore({ filename }) : new Datastore({ inMemoryOnly: true })
    await ds.loadDatabaseAsync()
    const uniques: UniqueIndex[] = []
    const lookups: Lookup[] = []
    for (const ix of indexes) {
      const fields = Object.keys(ix.fields)
      lookups.push({ fields, byPrefix: fields.map(() => new Map()), ranges: fields.map(() => new Map()) })
      if (ix.unique) uniques.push({ name: ix.name, fields, owners: new Map() })
    }
    const coll: Coll = { name, ds, uniques, lookups, appended: 0, pending: new Map() }
    this.rebuildIndexes(coll)
    this.colls.set(name, coll)
    return coll
  }

  private rebuildIndexes(c: Coll): void {
    for (const ix of c.uniques) ix.owners.clear()
    for (const lookup of c.lookups) for (const map of [...lookup.byPrefix, ...lookup.ranges]) map.clear()
    for (const doc of c.ds.getAllData() as AnyDoc[]) this.indexDoc(c, doc, true)
  }

  /** Adds (or removes) a stored document's entries in the collection's indexes. */
  private indexDoc(c: Coll, doc: AnyDoc, add: boolean): void {
    const key = keyOf(c.name, doc._id)
    for (const ix of c.uniques)
      for (const ik of indexKeys(doc, ix.fields)) {
        if (add) ix.owners.set(ik, key)
        else if (ix.owners.get(ik) === key) ix.owners.delete(ik)
      }
    for (const lookup of c.lookups)
      lookup.byPrefix.forEach((map, i) => {
        for (const ik of indexKeys(doc, lookup.fields.slice(0, i + 1))) {
          let ids = map.get(ik)
          if (add) {
            if (!ids) map.set(ik, (ids = new Set()))
            ids.add(doc._id)
          } else if (ids) {
            ids.delete(doc._id)
            if (ids.size === 0) map.delete(ik)
          }
        }
      })
    for (const lookup of c.lookups)
      lookup.ranges.forEach((map, k) => {
        const prefixes = k === 0 ? [''] : indexKeys(doc, lookup.fields.slice(0, k))
        const values = indexKeys(doc, [lookup.fields[k]])
        const [kind, v] = values.length === 1 ? orderedValue(values[0]) : [null, 0]
        for (const prefix of prefixes) {
          let range = map.get(prefix)
          if (!range) {
            if (!add) continue
            map.set(prefix, (range = { nums: [], dates: [], others: new Set() }))
          }
          if (!kind) {
            if (add) range.others.add(doc._id)
            else range.others.delete(doc._id)
            continue
          }
          const list = range[kind]
          const at = lowerBound(list, v, doc._id)
          if (add) list.splice(at, 0, [v, doc._id])
          else if (list[at] && list[at][0] === v && list[at][1] === doc._id) list.splice(at, 1)
        }
      })
  }

  hasCollection(name: string): boolean {
    return this.colls.has(name)
  }

  async createCollection(name: string): Promise<void> {
    return this.schemaStep(async () => {
      if (this.colls.has(name)) throw new DbError('DATABASE_REQUEST_FAILED', `[ResourceInUse] Table exist: ${name}`)
      await this.addCollection(name, [])
    })
  }

  private coll(name: string): Coll {
    const c = this.colls.get(name)
    if (c) return c
    throw new DbError(
      'DATABASE_COLLECTION_NOT_EXIST',
      `[ResourceNotFound] Db or Table not exist: ${name}. Please check your request (declare the collection in database/collections.ts).`,
    )
  }

  /** Collections not declared are created on first use when not strict. */
  private async collFor(name: string): Promise<Coll> {
    this.checkOpen()
    if (!this.colls.has(name) && !this.opts.strictCollections)
      return this.schemaStep(async () => this.colls.get(name) ?? this.addCollection(name, []))
    return this.coll(name)
  }

  // -------------------------------------------------------------------------------------------------
  // plumbing

  private checkOpen(): void {
    if (this.closed) throw new DbError('DATABASE_REQUEST_FAILED', 'the local cloud database is closed')
  }

  private schemaStep<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.schemaQueue.then(() => {
      this.checkOpen()
      return fn()
    })
    this.schemaQueue = run.catch(() => undefined)
    return run
  }

  /**
   * Runs a write: `apply` reads, checks and changes its documents without awaiting, and answers the
   * writes to wait for. A document locked by a transaction, or still being written by another
   * operation, is waited for and the write starts over.
   */
  private async writing<T>(collName: string, apply: (c: Coll) => Step<T>): Promise<T> {
    const c = await this.collFor(collName)
    for (;;) {
      this.checkOpen()
      let step: Step<T>
      try {
        step = apply(c)
      } catch (e) {
        if (e instanceof Blocked) {
          await e.until
          continue
        }
        throw e
      }
      await Promise.all(step.written)
      if (step.error !== undefined) throw step.error
      return step.result
    }
  }

  /**
   * Refuses to go on while one of `ids` is locked by a transaction. A document with a write in flight
   * is changed on top of it: its write to nedb follows the earlier one, and so does its answer.
   */
  private checkFree(c: Coll, ids: any[]): void {
    this.checkNotLocked(ids.map((id) => keyOf(c.name, id)))
  }

  /** Waits for the writes in flight of `docs`: a reader answers what was written, not what is being written. */
  private async settled(c: Coll, docs: AnyDoc[]): Promise<void> {
    const waits = docs.flatMap((d) => c.pending.get(d._id)?.written ?? [])
    await Promise.all(waits.map((w) => w.catch(() => undefined)))
  }

  private checkNotLocked(keys: string[]): void {
    for (const k of keys) {
      const owner = this.locks.get(k)
      if (owner && owner.state === 'active') throw new Blocked(owner.done)
    }
  }

  newId(): string {
    const t = Math.floor(this.opts.now().getTime() / 1000)
      .toString(16)
      .padStart(8, '0')
      .slice(-8)
    return t + randomBytes(12).toString('hex')
  }

  private getById(c: Coll, id: any): AnyDoc | undefined {
    const pending = c.pending.get(id)
    if (pending) return pending.doc ?? undefined
    const ix = (c.ds as any).indexes?._id
    const found: AnyDoc[] = ix ? ix.getMatching(id) : c.ds.getAllData().filter((d: AnyDoc) => d._id === id)
    return found.find((d) => d._id === id)
  }

  /** A superset of the documents matching `query`, from an index when one applies (every match is then filtered). */
  private candidates(c: Coll, query: AnyDoc | undefined): AnyDoc[] {
    const ids = this.candidateIds(c, query)
    return ids ? ids.flatMap((one) => this.getById(c, one) ?? []) : this.allDocs(c)
  }

  /** Every document as it is now: nedb's, with the writes in flight laid over them. */
  private allDocs(c: Coll): AnyDoc[] {
    const stored = c.ds.getAllData() as AnyDoc[]
    if (c.pending.size === 0) return stored
    const seen = new Set<any>()
    const docs = stored.flatMap((d) => {
      seen.add(d._id)
      return this.getById(c, d._id) ?? []
    })
    for (const [id, pending] of c.pending) if (!seen.has(id) && pending.doc) docs.push(pending.doc)
    return docs
  }

  /**
   * The `_id`s an index gives for `query` (null: no index applies, scan): `_id` itself, the longest
   * equality prefix of a declared index followed by a range on its next field, or the union of the
   * branches of a top-level `$or` when every branch has one.
   */
  private candidateIds(c: Coll, query: AnyDoc | undefined): any[] | null {
    if (!isPlainObject(query)) return null
    const id = query._id
    if (isEqualityValue(id)) return [id]
    if (isPlainObject(id) && Object.keys(id).length === 1 && Array.isArray(id.$in) && id.$in.every(isEqualityValue))
      return [...new Set(id.$in)]
    let best: any[] | null = null
    for (const lookup of c.lookups) {
      const found = this.lookupIds(lookup, query) ?? this.inLookupIds(lookup, query)
      if (found && (!best || found.ids.length < best.length)) best = found.ids
    }
    if (!best && Array.isArray(query.$or) && query.$or.length > 0) {
      const branches = query.$or.map((branch: AnyDoc) => this.candidateIds(c, branch))
      if (branches.every((b: any[] | null) => b !== null)) best = [...new Set(branches.flat())]
    }
    return best
  }

  /** The ids one declared index gives for `query`, and whether they are exactly its matches (`covered`). */
  private lookupIds(lookup: Lookup, query: AnyDoc): { ids: any[]; covered: boolean; others: any[] } | null {
    let k = 0
    while (k < lookup.fields.length && isEqualityValue(query[lookup.fields[k]])) k++
    // Keyed like a document holding the values (a dotted field name is one key of the query).
    const values = Object.fromEntries(lookup.fields.slice(0, k).map((f, i) => [String(i), query[f]]))
    const prefix = k === 0 ? '' : indexKeys(values, Object.keys(values))[0]
    const bounds = k < lookup.fields.length ? rangeBounds(query[lookup.fields[k]]) : null
    const keys = Object.keys(query).filter((key) => query[key] !== undefined)
    if (bounds) {
      const range = lookup.ranges[k].get(prefix)
      if (!range) return { ids: [], covered: keys.length === k + 1, others: [] }
      const list = range[bounds.kind]
      const from = bounds.lo ? (bounds.lo[1] ? lowerBound(list, bounds.lo[0]) : upperBound(list, bounds.lo[0])) : 0
      const to = bounds.hi ? (bounds.hi[1] ? upperBound(list, bounds.hi[0]) : lowerBound(list, bounds.hi[0])) : list.length
      const inRange = list.slice(from, Math.max(from, to)).map(([, id]) => id)
      const others = [...range.others]
      return { ids: [...inRange, ...others], covered: keys.length === k + 1, others }
    }
    if (k === 0) return null
    const ids = [...(lookup.byPrefix[k - 1].get(prefix) ?? [])]
    return { ids, covered: keys.length === k, others: [] }
  }

  /** `_.in([...])` of equality values on an index's first field: the union of each value's documents. */
  private inLookupIds(lookup: Lookup, query: AnyDoc): { ids: any[] } | null {
    const cond = query[lookup.fields[0]]
    if (!isPlainObject(cond) || Object.keys(cond).length !== 1 || !Array.isArray(cond.$in) || !cond.$in.every(isEqualityValue)) return null
    const ids = new Set<any>()
    for (const value of cond.$in) for (const id of lookup.byPrefix[0].get(indexKeys({ value }, ['value'])[0]) ?? []) ids.add(id)
    return { ids: [...ids] }
  }

  /**
   * How many documents match, when an index answers it alone (equality prefix, then at most a range
   * on the next field, and nothing else): counted from the index, not by reading documents.
   */
  private coveredCount(c: Coll, query: AnyDoc | undefined): number | null {
    if (!isPlainObject(query)) return null
    for (const lookup of c.lookups) {
      const found = this.lookupIds(lookup, query)
      if (!found?.covered) continue
      const others = found.others.filter((one) => {
        const doc = this.getById(c, one)
        return doc !== undefined && matchDoc(doc, query)
      }).length
      return found.ids.length - found.others.length + others
    }
    return null
  }

  private matching(c: Coll, query: AnyDoc | undefined): AnyDoc[] {
    try {
      return this.candidates(c, query).filter((d) => matchDoc(d, query))
    } catch (e) {
      throw asDbError(e)
    }
  }

  private noteChange(key: string, before: AnyDoc | null | undefined): void {
    this.versions.set(key, ++this.seq)
    for (const tx of this.active.values()) {
      if (!tx.snapshot.has(key)) tx.snapshot.set(key, before ? deepClone(before) : null)
    }
  }

  /**
   * Unique-index check of `docs` (new states) against the committed data, ignoring the documents whose
   * keys are in `replacing` (they are being rewritten), and among `docs` themselves.
   */
  private checkUnique(c: Coll, docs: { key: string; doc: AnyDoc; before?: AnyDoc | null }[], replacing: Set<string>): void {
    for (const ix of c.uniques) {
      const relevant = docs.filter(({ doc, before }) => {
        if (!before) return true
        const a = indexKeys(doc, ix.fields)
        const b = indexKeys(before, ix.fields)
        return a.length !== b.length || a.some((k, i) => k !== b[i])
      })
      if (relevant.length === 0) continue
      const claimed = new Map<string, string>()
      for (const { key, doc } of docs) {
        for (const ik of indexKeys(doc, ix.fields)) {
          const stored = ix.owners.get(ik)
          const owner = claimed.get(ik) ?? (stored !== undefined && !replacing.has(stored) ? stored : undefined)
          if (owner !== undefined && owner !== key) throw duplicateError(c.name, ix.name, describeKey(doc, ix.fields))
          claimed.set(ik, key)
        }
      }
    }
  }

  private checkStorable(doc: AnyDoc): void {
    try {
      checkStorable(doc)
    } catch (e) {
      throw asDbError(e)
    }
  }

  /**
   * Changes a document at once (indexes, what reads see) and writes it to nedb after; the document
   * stays pending (locked) until that write is done. Answers the pending state with its write.
   */
  private writeDoc(c: Coll, id: any, before: AnyDoc | undefined | null, after: AnyDoc | null): Pending {
    if (before) this.indexDoc(c, before, false)
    if (after) this.indexDoc(c, after, true)
    const write = async () => {
      if (after === null) {
        if (before) await c.ds.removeAsync({ _id: id }, { multi: false })
      } else if (before) {
        await c.ds.updateAsync({ _id: id }, after, {})
      } else {
        await c.ds.insertAsync(after)
      }
      if (this.opts.dataDir && ++c.appended >= COMPACT_AFTER) {
        c.appended = 0
        await c.ds.compactDatafileAsync()
      }
    }
    const pending: Pending = { doc: after, written: write() }
    c.pending.set(id, pending)
    const done = pending.written
      .finally(() => {
        if (c.pending.get(id) === pending) c.pending.delete(id)
        this.inflight.delete(done)
      })
      .catch(() => undefined)
    this.inflight.add(done)
    return pending
  }

  // -------------------------------------------------------------------------------------------------
  // operations outside transactions

  async find(collName: string, query: AnyDoc | undefined, o: FindOptions = {}): Promise<AnyDoc[]> {
    const c = await this.collFor(collName)
    let docs = this.matching(c, query)
    if (docs.some((d) => c.pending.has(d._id))) {
      await this.settled(c, docs)
      docs = this.matching(c, query)
    }
    try {
      if (o.order && o.order.length) docs = sortDocs(docs, o.order)
      if (o.skip) docs = docs.slice(o.skip)
      if (o.limit !== undefined) docs = docs.slice(0, o.limit)
      return docs.map((d) => projectDoc(d, o.projection))
    } catch (e) {
      throw asDbError(e)
    }
  }

  async count(collName: string, query: AnyDoc | undefined): Promise<number> {
    const c = await this.collFor(collName)
    try {
      return this.coveredCount(c, query) ?? this.matching(c, query).length
    } catch (e) {
      throw asDbError(e)
    }
  }

  async insert(collName: string, docs: AnyDoc[]): Promise<any[]> {
    const prepared = docs.map((d) => (d._id === undefined ? { _id: this.newId(), ...d } : { ...d }))
    return this.writing(collName, (c) => {
      this.checkFree(
        c,
        prepared.map((d) => d._id),
      )
      const ids: any[] = []
      const written: Promise<void>[] = []
      for (const doc of prepared) {
        this.checkStorable(doc)
        const key = keyOf(c.name, doc._id)
        if (this.getById(c, doc._id)) return failAfter(written, duplicateError(c.name, '_id_', describeKey(doc, ['_id'])))
        try {
          this.checkUnique(c, [{ key, doc }], new Set())
        } catch (e) {
          return failAfter(written, e)
        }
        this.noteChange(key, null)
        written.push(this.writeDoc(c, doc._id, undefined, doc).written)
        ids.push(doc._id)
      }
      return { result: ids, written }
    })
  }

  /** Update the matching documents (one when !multi); returns how many were actually modified. */
  async update(collName: string, query: AnyDoc | undefined, update: AnyDoc, multi: boolean): Promise<number> {
    return this.writing(collName, (c) => {
      let targets = this.matching(c, query)
      if (!multi) targets = targets.slice(0, 1)
      this.checkFree(
        c,
        targets.map((d) => d._id),
      )
      const written: Promise<void>[] = []
      for (const before of targets) {
        let after: AnyDoc
        try {
          after = applyUpdate(before, update, this.opts.now)
          if (valuesEqual(before, after)) continue
          this.checkStorable(after)
          const key = keyOf(c.name, before._id)
          this.checkUnique(c, [{ key, doc: after, before }], new Set([key]))
          this.noteChange(key, before)
        } catch (e) {
          return failAfter(written, asDbError(e))
        }
        written.push(this.writeDoc(c, before._id, before, after).written)
      }
      return { result: written.length, written }
    })
  }

  /** `doc(id).set()`: replace or create. */
  async replace(collName: string, id: any, data: AnyDoc): Promise<{ updated: number; upsertedId?: any }> {
    return this.writing(collName, (c) => {
      const key = keyOf(c.name, id)
      this.checkFree(c, [id])
      const before = this.getById(c, id)
      const after = { _id: id, ...data }
      this.checkStorable(after)
      if (before && valuesEqual(before, after)) return { result: { updated: 0 }, written: [] }
      this.checkUnique(c, [{ key, doc: after, before }], new Set([key]))
      this.noteChange(key, before ?? null)
      const { written } = this.writeDoc(c, id, before, after)
      return { result: before ? { updated: 1 } : { updated: 0, upsertedId: id }, written: [written] }
    })
  }

  async remove(collName: string, query: AnyDoc | undefined, multi: boolean): Promise<number> {
    return this.writing(collName, (c) => {
      let targets = this.matching(c, query)
      if (!multi) targets = targets.slice(0, 1)
      this.checkFree(
        c,
        targets.map((d) => d._id),
      )
      const written = targets.map((before) => {
        this.noteChange(keyOf(c.name, before._id), before)
        return this.writeDoc(c, before._id, before, null).written
      })
      return { result: targets.length, written }
    })
  }

  // -------------------------------------------------------------------------------------------------
  // transactions

  async startTransaction(): Promise<string> {
    this.checkOpen()
    const id = `local-tx-${randomBytes(8).toString('hex')}`
    let finish!: () => void
    const done = new Promise<void>((r) => (finish = r))
    const tx: Tx = {
      id,
      startSeq: this.seq,
      deadline: Date.now() + this.opts.transactionTimeoutMs,
      state: 'active',
      committing: false,
      snapshot: new Map(),
      writes: new Map(),
      locks: new Set(),
      done,
      finish,
    }
    tx.timer = setTimeout(() => {
      if (tx.state === 'active' && !tx.committing) this.endTx(tx, 'aborted', 'expired')
    }, this.opts.transactionTimeoutMs)
    if (typeof tx.timer === 'object' && tx.timer && 'unref' in tx.timer) tx.timer.unref()
    this.active.set(id, tx)
    this.txs.set(id, tx)
    return id
  }

  private endTx(tx: Tx, state: 'committed' | 'aborted', reason?: string): void {
    tx.state = state
    tx.abortReason = reason
    this.active.delete(tx.id)
    for (const k of tx.locks) if (this.locks.get(k) === tx) this.locks.delete(k)
    tx.locks.clear()
    tx.snapshot.clear()
    if (tx.timer) clearTimeout(tx.timer)
    tx.finish()
    // keep a finished transaction around briefly so late calls get a meaningful error
    setTimeout(() => this.txs.delete(tx.id), 60_000).unref?.()
  }

  private activeTx(id: string): Tx {
    const tx = this.txs.get(id)
    if (tx && tx.state === 'active' && !tx.committing && Date.now() > tx.deadline) this.endTx(tx, 'aborted', 'expired')
    if (!tx || tx.state !== 'active' || tx.committing) {
      const why = !tx
        ? 'does not exist'
        : tx.state === 'committed' || tx.committing
          ? 'is already committed'
          : tx.abortReason === 'expired'
            ? `expired (not committed within ${this.opts.transactionTimeoutMs} ms) and was rolled back`
            : 'was rolled back'
      throw new DbError('DATABASE_TRANSACTION_FAIL', `[TransactionNotFound] transaction ${id} ${why}`)
    }
    return tx
  }

  private txView(tx: Tx, c: Coll, id: any): AnyDoc | null {
    const key = keyOf(c.name, id)
    const w = tx.writes.get(key)
    if (w) return w.doc
    if (tx.snapshot.has(key)) return tx.snapshot.get(key) ?? null
    return this.getById(c, id) ?? null
  }

  private acquire(tx: Tx, c: Coll, id: any): string {
    const key = keyOf(c.name, id)
    const owner = this.locks.get(key)
    if (owner && owner !== tx && owner.state === 'active') {
      throw conflictError(`document ${c.name}/${id} is locked by another transaction`)
    }
    if ((this.versions.get(key) ?? 0) > tx.startSeq) {
      throw conflictError(`document ${c.name}/${id} was changed after this transaction started`)
    }
    this.locks.set(key, tx)
    tx.locks.add(key)
    return key
  }

  /** Unique check of a transaction's pending state of one document. */
  private txCheckUnique(tx: Tx, c: Coll, key: string, doc: AnyDoc, before: AnyDoc | null): void {
    const mine = [...tx.writes.entries()].filter(([k, w]) => w.coll === c.name && k !== key && w.doc)
    const replacing = new Set([...tx.writes.keys(), key])
    this.checkUnique(c, [...mine.map(([k, w]) => ({ key: k, doc: w.doc as AnyDoc })), { key, doc, before }], replacing)
  }

  async txGet(txId: string, collName: string, id: any, projection?: AnyDoc): Promise<AnyDoc | null> {
    const c = await this.collFor(collName)
    // A document still being written is read once written (a commit must not build on a write a crash may lose).
    if (c.pending.has(id)) await this.settled(c, [{ _id: id }])
    const tx = this.activeTx(txId)
    const doc = this.txView(tx, c, id)
    try {
      return doc ? projectDoc(doc, projection) : null
    } catch (e) {
      throw asDbError(e)
    }
  }

  async txInsert(txId: string, collName: string, data: AnyDoc): Promise<any> {
    const tx = this.activeTx(txId)
    const c = await this.collFor(collName)
    const doc = data._id === undefined ? { _id: this.newId(), ...data } : { ...data }
    this.checkStorable(doc)
    const key = this.acquire(tx, c, doc._id)
    if (this.txView(tx, c, doc._id)) throw duplicateError(c.name, '_id_', describeKey(doc, ['_id']))
    this.txCheckUnique(tx, c, key, doc, null)
    tx.writes.set(key, { coll: c.name, id: doc._id, doc })
    return doc._id
  }

  async txUpdate(txId: string, collName: string, id: any, update: AnyDoc): Promise<number> {
    const tx = this.activeTx(txId)
    const c = await this.collFor(collName)
    const key = this.acquire(tx, c, id)
    const before = this.txView(tx, c, id)
    if (!before) return 0
    let after: AnyDoc
    try {
      after = applyUpdate(before, update, this.opts.now)
    } catch (e) {
      throw asDbError(e)
    }
    if (valuesEqual(before, after)) return 0
    this.checkStorable(after)
    this.txCheckUnique(tx, c, key, after, before)
    tx.writes.set(key, { coll: c.name, id, doc: after })
    return 1
  }

  async txReplace(txId: string, collName: string, id: any, data: AnyDoc): Promise<{ updated: number; upsertedId?: any }> {
    const tx = this.activeTx(txId)
    const c = await this.collFor(collName)
    const key = this.acquire(tx, c, id)
    const before = this.txView(tx, c, id)
    const after = { _id: id, ...data }
    this.checkStorable(after)
    if (before && valuesEqual(before, after)) return { updated: 0 }
    this.txCheckUnique(tx, c, key, after, before)
    tx.writes.set(key, { coll: c.name, id, doc: after })
    return before ? { updated: 1 } : { updated: 0, upsertedId: id }
  }

  async txRemove(txId: string, collName: string, id: any): Promise<number> {
    const tx = this.activeTx(txId)
    const c = await this.collFor(collName)
    const key = this.acquire(tx, c, id)
    const before = this.txView(tx, c, id)
    if (!before) return 0
    tx.writes.set(key, { coll: c.name, id, doc: null })
    return 1
  }

  async commit(txId: string): Promise<void> {
    const tx = this.activeTx(txId)
    tx.committing = true
    this.active.delete(tx.id) // its own writes must not be captured into its snapshot
    const writes = [...tx.writes.entries()]
    try {
      const byColl = new Map<string, { key: string; doc: AnyDoc; before: AnyDoc | null }[]>()
      const keysByColl = new Map<string, Set<string>>()
      for (const [key, w] of writes) {
        const c = this.coll(w.coll)
        if (!keysByColl.has(c.name)) keysByColl.set(c.name, new Set())
        keysByColl.get(c.name)!.add(key)
        if (w.doc) {
          if (!byColl.has(c.name)) byColl.set(c.name, [])
          byColl.get(c.name)!.push({ key, doc: w.doc, before: this.getById(c, w.id) ?? null })
        }
      }
      for (const [name, docs] of byColl) this.checkUnique(this.coll(name), docs, keysByColl.get(name)!)
    } catch (e) {
      this.endTx(tx, 'aborted', 'commit failed')
      throw e
    }
    const journaled = writes.length > 1
    if (journaled)
      this.writeJournal(
        tx.id,
        writes.map(([, w]) => w),
      )
    // All its writes change the documents in one step (readers see all or none); the locks are held until written.
    const applied: { c: Coll; id: any; before: AnyDoc | null; after: AnyDoc | null }[] = []
    const written: Promise<void>[] = []
    for (const [key, w] of writes) {
      const c = this.coll(w.coll)
      const before = this.getById(c, w.id) ?? null
      this.noteChange(key, before)
      written.push(this.writeDoc(c, w.id, before, w.doc).written)
      applied.push({ c, id: w.id, before: before ? deepClone(before) : null, after: w.doc })
    }
    try {
      await Promise.all(written)
    } catch (e) {
      // nedb failed to write: undo, so that the commit stays all-or-nothing
      await Promise.all(written.map((w) => w.catch(() => undefined)))
      for (const a of applied.reverse()) await this.writeDoc(a.c, a.id, a.after, a.before).written.catch(() => undefined)
      if (journaled) this.clearJournal(tx.id)
      this.endTx(tx, 'aborted', 'commit failed')
      throw asDbError(e)
    }
    if (journaled) this.clearJournal(tx.id)
    this.endTx(tx, 'committed')
  }

  async abort(txId: string): Promise<void> {
    const tx = this.txs.get(txId)
    if (!tx) throw new DbError('DATABASE_TRANSACTION_FAIL', `[TransactionNotFound] transaction ${txId} does not exist`)
    if (tx.state === 'active' && !tx.committing) this.endTx(tx, 'aborted', 'rolled back')
  }

  // -------------------------------------------------------------------------------------------------

  async reset(): Promise<void> {
    return this.schemaStep(async () => {
      await Promise.all(this.inflight)
      for (const tx of [...this.active.values()]) this.endTx(tx, 'aborted', 'reset')
      for (const name of [...this.colls.keys()]) {
        const c = this.colls.get(name)!
        await c.ds.removeAsync({}, { multi: true })
        this.rebuildIndexes(c)
        if (this.opts.dataDir) await c.ds.compactDatafileAsync()
        if (!this.opts.collections.some((s) => s.name === name)) {
          this.colls.delete(name)
          if (this.opts.dataDir) fs.rmSync(path.join(this.opts.dataDir, 'db', `${name}.db`), { force: true })
        }
      }
      this.versions.clear()
    })
  }

  /** Writes in flight are finished; anything after is refused. */
  async close(): Promise<void> {
    await this.schemaStep(async () => {
      this.closed = true
      await Promise.all(this.inflight)
      for (const tx of [...this.active.values()]) this.endTx(tx, 'aborted', 'closed')
      if (this.opts.dataDir) for (const c of this.colls.values()) await c.ds.compactDatafileAsync()
    })
  }
}

/**
 * nedb appends one line per write; a process killed mid-append leaves the last line cut (no newline).
 * That write was never acknowledged (a commit's writes are replayed from the journal): drop it, rather
 * than let nedb count it as corruption and refuse to open a small collection.
 */
export function dropCutLine(filename: string): void {
  if (!fs.existsSync(filename)) return
  const content = fs.readFileSync(filename)
  if (content.length === 0 || content[content.length - 1] === 0x0a) return
  fs.truncateSync(filename, content.lastIndexOf(0x0a) + 1)
}

/** Documents hold Dates (and nothing else JSON cannot carry): they are tagged in the journal. */
function serializeWrites(writes: TxWrite[]): string {
  return JSON.stringify(writes, function (this: any, key, value) {
    const raw = this[key]
    return raw instanceof Date ? { $journalDate: raw.getTime() } : value
  })
}

function deserializeWrites(text: string): TxWrite[] {
  return JSON.parse(text, (_key, value) =>
    value && typeof value === 'object' && typeof value.$journalDate === 'number' && Object.keys(value).length === 1
      ? new Date(value.$journalDate)
      : value,
  )
}

/** An index value that orders: a single number or date ('n:…' / 'd:…' canonical keys). */
function orderedValue(canonicalKey: string): ['nums' | 'dates', number] | [null, number] {
  const kind = canonicalKey.startsWith('n:') ? 'nums' : canonicalKey.startsWith('d:') ? 'dates' : null
  const v = kind ? Number(canonicalKey.slice(2)) : NaN
  return kind && Number.isFinite(v) ? [kind, v] : [null, 0]
}

/** A range condition an ordered index can answer: only $gt/$gte/$lt/$lte, all numbers or all dates. */
function rangeBounds(cond: unknown): RangeBounds | null {
  if (!isPlainObject(cond)) return null
  const ops = Object.entries(cond)
  if (ops.length === 0 || ops.some(([op]) => !['$gt', '$gte', '$lt', '$lte'].includes(op))) return null
  const values = ops.map(([, v]) => v)
  const kind = values.every((v) => typeof v === 'number' && Number.isFinite(v))
    ? 'nums'
    : values.every((v) => v instanceof Date && Number.isFinite(v.getTime()))
      ? 'dates'
      : null
  if (!kind) return null
  const bounds: RangeBounds = { kind }
  for (const [op, v] of ops) {
    const n = v instanceof Date ? v.getTime() : (v as number)
    if (op === '$gt' || op === '$gte') {
      const inclusive = op === '$gte'
      if (!bounds.lo || n > bounds.lo[0] || (n === bounds.lo[0] && !inclusive)) bounds.lo = [n, inclusive]
    } else {
      const inclusive = op === '$lte'
      if (!bounds.hi || n < bounds.hi[0] || (n === bounds.hi[0] && !inclusive)) bounds.hi = [n, inclusive]
    }
  }
  return bounds
}

const idOrder = (a: any, b: any) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0)

/** First position whose value is ≥ v (and, among equal values, whose id is ≥ id when given). */
function lowerBound(list: [number, any][], v: number, id?: any): number {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    const [mv, mid_id] = list[mid]
    if (mv < v || (mv === v && id !== undefined && idOrder(mid_id, id) < 0)) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** First position whose value is > v. */
function upperBound(list: [number, any][], v: number): number {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (list[mid][0] <= v) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** A query value an equality index can look up (anything else is matched by scanning the candidates). */
function isEqualityValue(v: unknown): v is string | number | boolean | Date {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date
}

function duplicateError(coll: string, index: string, key: string): DbError {
  return new DbError(
    'DATABASE_REQUEST_FAILED',
    `[FailedOperation] E11000 duplicate key error collection: local.${coll} index: ${index} dup key: ${key}`,
  )
}

function asDbError(e: unknown): DbError {
  if (e instanceof DbError) return e
  if (e instanceof MongoError) return new DbError('DATABASE_REQUEST_FAILED', `[FailedOperation] ${e.message}`)
  if (e instanceof Blocked) throw e
  return new DbError('DATABASE_REQUEST_FAILED', `[InternalError] ${(e as Error)?.message ?? String(e)}`)
}
