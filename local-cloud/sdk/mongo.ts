/**
 * MongoDB semantics for the local cloud database: query matching, BSON ordering, projection and update
 * operators. The CloudBase database is MongoDB underneath and `wx-server-sdk` sends MongoDB-style queries
 * and updates (`{ a: { $gt: 1 } }`, `{ $inc: { n: 1 } }`), so this module follows MongoDB's documented
 * behaviour rather than nedb's own matcher (which differs on null/missing fields, `$ne` on arrays, etc.).
 */

export type AnyDoc = Record<string, any>

/** An error MongoDB itself would raise (bad operator, $inc on a string, …). */
export class MongoError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'MongoError'
  }
}

// ---------------------------------------------------------------------------------------------------
// Types and ordering (BSON comparison order)

export function isPlainObject(v: unknown): v is AnyDoc {
  if (v === null || typeof v !== 'object') return false
  if (Array.isArray(v) || v instanceof Date || v instanceof RegExp) return false
  if (typeof Buffer !== 'undefined' && Buffer.isBuffer(v)) return false
  if (ArrayBuffer.isView(v)) return false
  return true
}

function typeRank(v: unknown): number {
  if (v === undefined || v === null) return 1
  if (typeof v === 'number' || typeof v === 'bigint') return 2
  if (typeof v === 'string') return 3
  if (Array.isArray(v)) return 5
  if (v instanceof Date) return 9
  if (typeof v === 'boolean') return 8
  if (v instanceof RegExp) return 11
  if (ArrayBuffer.isView(v)) return 6
  if (typeof v === 'object') return 4
  return 12
}

function cmpPrimitive(a: any, b: any): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Total order between two values, as MongoDB sorts and compares BSON values. */
export function compareValues(a: any, b: any): number {
  const ra = typeRank(a)
  const rb = typeRank(b)
  if (ra !== rb) return ra < rb ? -1 : 1
  switch (ra) {
    case 1:
      return 0
    case 2: {
      const na = Number(a)
      const nb = Number(b)
      if (Number.isNaN(na)) return Number.isNaN(nb) ? 0 : -1
      if (Number.isNaN(nb)) return 1
      return cmpPrimitive(na, nb)
    }
    case 3:
      return cmpPrimitive(a, b)
    case 8:
      return cmpPrimitive(a ? 1 : 0, b ? 1 : 0)
    case 9:
      return cmpPrimitive((a as Date).getTime(), (b as Date).getTime())
    case 11:
      return cmpPrimitive(String(a), String(b))
    case 5: {
      const n = Math.min(a.length, b.length)
      for (let i = 0; i < n; i++) {
        const c = compareValues(a[i], b[i])
        if (c !== 0) return c
      }
      return cmpPrimitive(a.length, b.length)
    }
    case 6: {
      const x = a as Uint8Array
      const y = b as Uint8Array
      if (x.length !== y.length) return cmpPrimitive(x.length, y.length)
      for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return cmpPrimitive(x[i], y[i])
      return 0
    }
    case 4: {
      const ka = Object.keys(a).filter((k) => a[k] !== undefined)
      const kb = Object.keys(b).filter((k) => b[k] !== undefined)
      const n = Math.min(ka.length, kb.length)
      for (let i = 0; i < n; i++) {
        const ta = typeRank(a[ka[i]])
        const tb = typeRank(b[kb[i]])
        if (ta !== tb) return ta < tb ? -1 : 1
        const ck = cmpPrimitive(ka[i], kb[i])
        if (ck !== 0) return ck
        const c = compareValues(a[ka[i]], b[kb[i]])
        if (c !== 0) return c
      }
      return cmpPrimitive(ka.length, kb.length)
    }
    default:
      return 0
  }
}

/** BSON equality (field order of sub-documents matters, as in MongoDB). */
export function valuesEqual(a: any, b: any): boolean {
  return compareValues(a, b) === 0
}

export function deepClone<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v
  if (v instanceof Date) return new Date(v.getTime()) as any
  if (v instanceof RegExp) return new RegExp(v.source, v.flags) as any
  if (Array.isArray(v)) return v.map((x) => deepClone(x)) as any
  if (ArrayBuffer.isView(v)) return v
  const out: AnyDoc = {}
  for (const k of Object.keys(v as AnyDoc)) {
    const x = (v as AnyDoc)[k]
    if (x !== undefined) out[k] = deepClone(x)
  }
  return out as T
}

// ---------------------------------------------------------------------------------------------------
// Paths

function splitPath(path: string): string[] {
  return path.split('.')
}

const isIndex = (p: string) => /^\d+$/.test(p)

/**
 * Values found at a dotted path, MongoDB style: arrays met on the way are traversed element by element
 * (unless the next segment is an index). `undefined` stands for "missing".
 */
function leavesAt(value: any, parts: string[], i = 0): any[] {
  if (i === parts.length) return [value]
  if (value === null || value === undefined) return [undefined]
  const part = parts[i]
  if (Array.isArray(value)) {
    if (isIndex(part)) return leavesAt(value[Number(part)], parts, i + 1)
    const out: any[] = []
    for (const el of value) {
      if (isPlainObject(el) || Array.isArray(el)) out.push(...leavesAt(el, parts, i))
    }
    return out
  }
  if (isPlainObject(value)) return leavesAt(value[part], parts, i + 1)
  return [undefined]
}

/** Leaves plus the elements of leaf arrays: what equality and comparisons are tried against. */
function expand(leaves: any[]): any[] {
  const out: any[] = []
  for (const l of leaves) {
    if (l === undefined) continue
    out.push(l)
    if (Array.isArray(l)) out.push(...l)
  }
  return out
}

// ---------------------------------------------------------------------------------------------------
// Query matching

export function isOperatorObject(v: unknown): v is AnyDoc {
  if (!isPlainObject(v)) return false
  const keys = Object.keys(v)
  return keys.length > 0 && keys[0].startsWith('$')
}

function regexOf(v: any): RegExp | undefined {
  if (v instanceof RegExp) return v
  return undefined
}

function eqMatch(leaves: any[], v: any): boolean {
  const re = regexOf(v)
  if (re) return expand(leaves).some((x) => typeof x === 'string' && testRegex(re, x))
  if (v === null || v === undefined) {
    if (leaves.length === 0) return true
    if (leaves.some((l) => l === undefined || l === null)) return true
    return expand(leaves).some((x) => x === null)
  }
  return expand(leaves).some((x) => valuesEqual(x, v))
}

function testRegex(re: RegExp, s: string): boolean {
  re.lastIndex = 0
  return re.test(s)
}

function cmpMatch(leaves: any[], v: any, ok: (c: number) => boolean, orEqualNull: boolean): boolean {
  if (v === null || v === undefined) return orEqualNull ? eqMatch(leaves, null) : false
  const rv = typeRank(v)
  return expand(leaves).some((x) => typeRank(x) === rv && ok(compareValues(x, v)))
}

function toRegex(pattern: any, options?: any): RegExp {
  if (pattern instanceof RegExp) {
    if (options === undefined) return pattern
    pattern = pattern.source
  }
  const flags = String(options ?? '')
    .split('')
    .filter((f) => 'imsu'.includes(f))
    .join('')
  let src = String(pattern)
  if (String(options ?? '').includes('x')) src = src.replace(/\s+|#.*$/gm, '')
  return new RegExp(src, flags)
}

function fieldMatch(leaves: any[], cond: any): boolean {
  if (!isOperatorObject(cond)) return eqMatch(leaves, cond)
  const keys = Object.keys(cond)
  for (const op of keys) {
    const v = cond[op]
    switch (op) {
      case '$eq':
        if (!eqMatch(leaves, v)) return false
        break
      case '$ne':
        if (eqMatch(leaves, v)) return false
        break
      case '$gt':
        if (!cmpMatch(leaves, v, (c) => c > 0, false)) return false
        break
      case '$gte':
        if (!cmpMatch(leaves, v, (c) => c >= 0, true)) return false
        break
      case '$lt':
        if (!cmpMatch(leaves, v, (c) => c < 0, false)) return false
        break
      case '$lte':
        if (!cmpMatch(leaves, v, (c) => c <= 0, true)) return false
        break
      case '$in':
        if (!Array.isArray(v)) throw new MongoError('$in needs an array')
        if (!v.some((x) => eqMatch(leaves, x))) return false
        break
      case '$nin':
        if (!Array.isArray(v)) throw new MongoError('$nin needs an array')
        if (v.some((x) => eqMatch(leaves, x))) return false
        break
      case '$exists': {
        const exists = leaves.some((l) => l !== undefined)
        if (exists !== Boolean(v)) return false
        break
      }
      case '$size':
        if (typeof v !== 'number') throw new MongoError('$size needs a number')
        if (!leaves.some((l) => Array.isArray(l) && l.length === v)) return false
        break
      case '$all':
        if (!Array.isArray(v)) throw new MongoError('$all needs an array')
        if (v.length === 0) return false
        for (const x of v) {
          if (isPlainObject(x) && '$elemMatch' in x) {
            if (!fieldMatch(leaves, x)) return false
          } else if (!eqMatch(leaves, x)) return false
        }
        break
      case '$elemMatch':
        if (!isPlainObject(v)) throw new MongoError('$elemMatch needs an Object')
        if (
          !leaves.some(
            (l) => Array.isArray(l) && l.some((el) => (isOperatorObject(v) ? fieldMatch([el], v) : isPlainObject(el) && matchDoc(el, v))),
          )
        )
          return false
        break
      case '$regex': {
        const re = toRegex(v, cond.$options)
        if (!expand(leaves).some((x) => typeof x === 'string' && testRegex(re, x))) return false
        break
      }
      case '$options':
        if (!('$regex' in cond)) throw new MongoError('$options needs a $regex')
        break
      case '$not':
        if (!(isOperatorObject(v) || v instanceof RegExp)) throw new MongoError('$not needs a regex or a document')
        if (fieldMatch(leaves, v)) return false
        break
      case '$mod': {
        if (!Array.isArray(v) || v.length !== 2) throw new MongoError('malformed mod, needs to be an array of 2 numbers')
        const [d, r] = v.map(Number)
        if (d === 0) throw new MongoError('divisor cannot be 0')
        if (!expand(leaves).some((x) => typeof x === 'number' && Math.trunc(x) % d === r)) return false
        break
      }
      default:
        throw new MongoError(`unknown operator: ${op} (not supported by the local cloud)`)
    }
  }
  return true
}

/** Does `doc` match the MongoDB query `query`? */
export function matchDoc(doc: AnyDoc, query: AnyDoc | undefined | null): boolean {
  if (!query) return true
  for (const key of Object.keys(query)) {
    const cond = query[key]
    if (cond === undefined) continue
    if (key.startsWith('$')) {
      switch (key) {
        case '$and':
          if (!Array.isArray(cond) || cond.length === 0) throw new MongoError('$and/$or/$nor must be a nonempty array')
          if (!cond.every((q) => matchDoc(doc, q))) return false
          break
        case '$or':
          if (!Array.isArray(cond) || cond.length === 0) throw new MongoError('$and/$or/$nor must be a nonempty array')
          if (!cond.some((q) => matchDoc(doc, q))) return false
          break
        case '$nor':
          if (!Array.isArray(cond) || cond.length === 0) throw new MongoError('$and/$or/$nor must be a nonempty array')
          if (cond.some((q) => matchDoc(doc, q))) return false
          break
        case '$comment':
          break
        default:
          throw new MongoError(`unknown top level operator: ${key} (not supported by the local cloud)`)
      }
      continue
    }
    if (!fieldMatch(leavesAt(doc, splitPath(key)), cond)) return false
  }
  return true
}

// ---------------------------------------------------------------------------------------------------
// Sorting

function sortValue(doc: AnyDoc, path: string, dir: number): any {
  const values = expand(leavesAt(doc, splitPath(path))).filter((v) => !Array.isArray(v))
  const leaves = leavesAt(doc, splitPath(path))
  // An empty array sorts before null in MongoDB; treat it like a missing value here.
  if (values.length === 0) return leaves.some((l) => Array.isArray(l) && l.length === 0) ? undefined : null
  let best = values[0]
  for (const v of values) {
    const c = compareValues(v, best)
    if ((dir > 0 && c < 0) || (dir < 0 && c > 0)) best = v
  }
  return best
}

export function sortDocs(docs: AnyDoc[], order: [string, number][]): AnyDoc[] {
  if (order.length === 0) return docs
  const keyed = docs.map((d, i) => ({ d, i, k: order.map(([p, dir]) => sortValue(d, p, dir)) }))
  keyed.sort((a, b) => {
    for (let j = 0; j < order.length; j++) {
      const c = compareValues(a.k[j], b.k[j])
      if (c !== 0) return order[j][1] < 0 ? -c : c
    }
    return a.i - b.i
  })
  return keyed.map((x) => x.d)
}

// ---------------------------------------------------------------------------------------------------
// Projection

type Tree = { [k: string]: Tree | true }

function buildTree(paths: string[]): Tree {
  const root: Tree = {}
  for (const p of paths) {
    const parts = splitPath(p)
    let node: Tree = root
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]
      if (i === parts.length - 1) node[part] = true
      else {
        const next = node[part]
        if (next === true) break
        if (!next) node[part] = {}
        node = node[part] as Tree
      }
    }
  }
  return root
}

function include(value: any, tree: Tree | true): any {
  if (tree === true) return deepClone(value)
  if (Array.isArray(value)) {
    return value.filter((el) => isPlainObject(el) || Array.isArray(el)).map((el) => include(el, tree))
  }
  if (isPlainObject(value)) {
    const out: AnyDoc = {}
    for (const k of Object.keys(value)) {
      if (!(k in tree)) continue
      const sub = include(value[k], tree[k])
      if (sub !== undefined) out[k] = sub
    }
    return out
  }
  return undefined
}

function exclude(value: any, tree: Tree): any {
  if (Array.isArray(value)) return value.map((el) => (isPlainObject(el) || Array.isArray(el) ? exclude(el, tree) : deepClone(el)))
  if (isPlainObject(value)) {
    const out: AnyDoc = {}
    for (const k of Object.keys(value)) {
      const t = tree[k]
      if (t === true) continue
      out[k] = t ? exclude(value[k], t) : deepClone(value[k])
    }
    return out
  }
  return deepClone(value)
}

/** MongoDB projection (`{ a: 1, 'b.c': 1 }` or `{ a: 0 }`; `_id` included unless `_id: 0`). */
export function projectDoc(doc: AnyDoc, projection: AnyDoc | undefined | null): AnyDoc {
  if (!projection) return deepClone(doc)
  const keys = Object.keys(projection)
  if (keys.length === 0) return deepClone(doc)
  const truthy = (v: any) => {
    if (isPlainObject(v)) throw new MongoError('projection operators ($slice, $elemMatch, …) are not supported by the local cloud')
    return Boolean(v)
  }
  const inc = keys.filter((k) => k !== '_id' && truthy(projection[k]))
  const exc = keys.filter((k) => k !== '_id' && !truthy(projection[k]))
  if (inc.length && exc.length) {
    throw new MongoError(`Projection cannot have a mix of inclusion and exclusion.`)
  }
  const withId = projection._id === undefined ? true : truthy(projection._id)
  if (inc.length || (exc.length === 0 && projection._id !== undefined && withId)) {
    const out = include(doc, buildTree(inc)) as AnyDoc
    const res: AnyDoc = {}
    if (withId && doc._id !== undefined) res._id = doc._id
    for (const k of Object.keys(out)) if (k !== '_id') res[k] = out[k]
    return res
  }
  const out = exclude(doc, buildTree(exc)) as AnyDoc
  if (!withId) delete out._id
  return out
}

// ---------------------------------------------------------------------------------------------------
// Updates

function typeName(v: any): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  if (v instanceof Date) return 'date'
  if (typeof v === 'object') return 'object'
  return typeof v === 'number' ? 'double' : typeof v
}

function getPath(doc: any, parts: string[]): any {
  let cur = doc
  for (const p of parts) {
    if (cur === null || cur === undefined) return undefined
    if (Array.isArray(cur)) {
      if (!isIndex(p)) return undefined
      cur = cur[Number(p)]
    } else if (isPlainObject(cur)) cur = cur[p]
    else return undefined
  }
  return cur
}

/** Parent container of the path's last segment, creating objects on the way (MongoDB $set semantics). */
function parentFor(doc: AnyDoc, parts: string[], create: boolean): any {
  let cur: any = doc
  for (let i = 0; i < parts.length - 1; i++) {
    const p = parts[i]
    let next: any
    if (Array.isArray(cur)) {
      if (!isIndex(p)) {
        throw new MongoError(`Cannot create field '${p}' in element {${parts[i - 1] ?? ''}: ${JSON.stringify(cur)}}`)
      }
      next = cur[Number(p)]
      if (next === undefined) {
        if (!create) return undefined
        while (cur.length < Number(p)) cur.push(null)
        next = cur[Number(p)] = {}
      }
    } else {
      next = cur[p]
      if (next === undefined) {
        if (!create) return undefined
        next = cur[p] = {}
      }
    }
    if (next === null || typeof next !== 'object' || next instanceof Date) {
      if (!create) return undefined
      throw new MongoError(`Cannot create field '${parts[i + 1]}' in element {${p}: ${JSON.stringify(next)}}`)
    }
    cur = next
  }
  return cur
}

function setPath(doc: AnyDoc, parts: string[], value: any): void {
  const parent = parentFor(doc, parts, true)
  const last = parts[parts.length - 1]
  if (Array.isArray(parent)) {
    if (!isIndex(last)) throw new MongoError(`Cannot create field '${last}' in an array`)
    const idx = Number(last)
    while (parent.length < idx) parent.push(null)
    parent[idx] = value
  } else parent[last] = value
}

function unsetPath(doc: AnyDoc, parts: string[]): void {
  const parent = parentFor(doc, parts, false)
  if (parent === undefined) return
  const last = parts[parts.length - 1]
  if (Array.isArray(parent)) {
    if (isIndex(last) && Number(last) < parent.length) parent[Number(last)] = null
  } else delete parent[last]
}

function checkConflicts(paths: string[]): void {
  for (let i = 0; i < paths.length; i++) {
    for (let j = 0; j < paths.length; j++) {
      if (i === j) continue
      const a = paths[i]
      const b = paths[j]
      if (a === b || b.startsWith(a + '.')) {
        throw new MongoError(`Updating the path '${b}' would create a conflict at '${a}'`)
      }
    }
  }
}

function requireArray(v: any, op: string, path: string): any[] | undefined {
  if (v === undefined) return undefined
  if (!Array.isArray(v)) {
    throw new MongoError(`The field '${path}' must be an array but is of type ${typeName(v)} in document (${op})`)
  }
  return v
}

function elementMatches(el: any, cond: any): boolean {
  if (isOperatorObject(cond)) return fieldMatch([el], cond)
  if (isPlainObject(cond)) return isPlainObject(el) && matchDoc(el, cond)
  if (cond instanceof RegExp) return typeof el === 'string' && testRegex(cond, el)
  return valuesEqual(el, cond)
}

/**
 * Apply a MongoDB update document (`{ $set: {...}, $inc: {...} }`) to a copy of `doc`.
 * Throws MongoError where MongoDB would refuse the update.
 */
export function applyUpdate(doc: AnyDoc, update: AnyDoc, now: () => Date): AnyDoc {
  const out = deepClone(doc)
  const ops = Object.keys(update)
  for (const op of ops) {
    if (!op.startsWith('$')) throw new MongoError(`Unknown modifier: ${op}. Expected a valid update modifier`)
    if (!isPlainObject(update[op])) throw new MongoError(`Modifiers operate on fields but we found a ${typeName(update[op])} instead`)
  }
  const allPaths: string[] = []
  for (const op of ops) {
    for (const path of Object.keys(update[op])) {
      allPaths.push(path)
      if (op === '$rename') allPaths.push(String(update[op][path]))
    }
  }
  checkConflicts(allPaths)
  for (const p of allPaths) {
    if (p === '_id' || p.startsWith('_id.')) {
      throw new MongoError(`Performing an update on the path '_id' would modify the immutable field '_id'`)
    }
  }
  for (const op of ops) {
    const fields = update[op]
    for (const path of Object.keys(fields)) {
      const arg = fields[path]
      const parts = splitPath(path)
      const cur = getPath(out, parts)
      switch (op) {
        case '$set':
          setPath(out, parts, deepClone(arg))
          break
        case '$unset':
          unsetPath(out, parts)
          break
        case '$setOnInsert':
          break
        case '$inc':
        case '$mul': {
          if (typeof arg !== 'number') {
            throw new MongoError(
              `Cannot ${op === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${path}: ${JSON.stringify(arg)}}`,
            )
          }
          if (cur !== undefined && typeof cur !== 'number') {
            throw new MongoError(
              `Cannot apply ${op} to a value of non-numeric type. {_id: ${JSON.stringify(out._id)}} has the field '${path}' of non-numeric type ${typeName(cur)}`,
            )
          }
          const base = cur === undefined ? 0 : cur
          setPath(out, parts, op === '$inc' ? base + arg : base * arg)
          break
        }
        case '$min':
        case '$max': {
          if (cur === undefined) setPath(out, parts, deepClone(arg))
          else {
            const c = compareValues(arg, cur)
            if ((op === '$min' && c < 0) || (op === '$max' && c > 0)) setPath(out, parts, deepClone(arg))
          }
          break
        }
        case '$rename': {
          if (typeof arg !== 'string') throw new MongoError(`The 'to' field for $rename must be a string: ${path}`)
          if (cur !== undefined) {
            unsetPath(out, parts)
            setPath(out, splitPath(arg), cur)
          }
          break
        }
        case '$currentDate':
          setPath(out, parts, now())
          break
        case '$push': {
          const arr = requireArray(cur, op, path) ?? []
          let each: any[]
          let position: number | undefined
          let slice: number | undefined
          let sort: any
          if (isPlainObject(arg) && '$each' in arg) {
            if (!Array.isArray(arg.$each)) throw new MongoError(`The argument to $each in $push must be an array`)
            each = arg.$each
            position = arg.$position
            slice = arg.$slice
            sort = arg.$sort
          } else each = [arg]
          const items = each.map((x) => deepClone(x))
          let next = arr.slice()
          if (position === undefined) next.push(...items)
          else {
            const pos = position < 0 ? Math.max(0, next.length + position) : Math.min(position, next.length)
            next.splice(pos, 0, ...items)
          }
          if (sort !== undefined) {
            if (typeof sort === 'number') next.sort((a, b) => compareValues(a, b) * (sort < 0 ? -1 : 1))
            else if (isPlainObject(sort))
              next = sortDocs(
                next,
                Object.entries(sort).map(([k, v]) => [k, Number(v)]),
              )
          }
          if (slice !== undefined) next = slice >= 0 ? next.slice(0, slice) : next.slice(slice)
          setPath(out, parts, next)
          break
        }
        case '$addToSet': {
          const arr = requireArray(cur, op, path) ?? []
          const each: any[] = isPlainObject(arg) && '$each' in arg ? arg.$each : [arg]
          const next = arr.slice()
          for (const x of each) if (!next.some((y) => valuesEqual(x, y))) next.push(deepClone(x))
          setPath(out, parts, next)
          break
        }
        case '$pull': {
          const arr = requireArray(cur, op, path)
          if (arr)
            setPath(
              out,
              parts,
              arr.filter((el) => !elementMatches(el, arg)),
            )
          break
        }
        case '$pullAll': {
          if (!Array.isArray(arg)) throw new MongoError(`$pullAll requires an array argument`)
          const arr = requireArray(cur, op, path)
          if (arr)
            setPath(
              out,
              parts,
              arr.filter((el) => !arg.some((x) => valuesEqual(el, x))),
            )
          break
        }
        case '$pop': {
          const arr = requireArray(cur, op, path)
          if (arr && arr.length) setPath(out, parts, Number(arg) < 0 ? arr.slice(1) : arr.slice(0, -1))
          break
        }
        default:
          throw new MongoError(`Unknown modifier: ${op} (not supported by the local cloud)`)
      }
    }
  }
  return out
}

/** Field names MongoDB refuses to store. */
export function checkStorable(value: any, path = ''): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkStorable(v, `${path}.${i}`))
    return
  }
  if (!isPlainObject(value)) return
  for (const k of Object.keys(value)) {
    const where = path ? `${path}.${k}` : k
    if (k.startsWith('$')) throw new MongoError(`The dollar ($) prefixed field '${k}' in '${where}' is not valid for storage.`)
    if (k.includes('.')) throw new MongoError(`The dotted field '${k}' in '${where}' is not valid for storage.`)
    checkStorable(value[k], where)
  }
}

/** Keys of `doc` in a unique index over `fields` (multikey: one per element of an array field). */
export function indexKeys(doc: AnyDoc, fields: string[]): string[] {
  let keys: string[] = ['']
  for (const f of fields) {
    const leaves = leavesAt(doc, splitPath(f))
    const vals: any[] = []
    for (const l of leaves) {
      if (Array.isArray(l)) {
        if (l.length === 0) vals.push(undefined)
        else vals.push(...l)
      } else vals.push(l)
    }
    if (vals.length === 0) vals.push(null)
    const canon = Array.from(new Set(vals.map(canonical)))
    const next: string[] = []
    for (const k of keys) for (const c of canon) next.push(k ? `${k}|${c}` : c)
    keys = next
  }
  return keys
}

function canonical(v: any): string {
  if (v === null || v === undefined) return 'null'
  if (v instanceof Date) return `d:${v.getTime()}`
  if (typeof v === 'number') return `n:${v}`
  if (typeof v === 'string') return `s:${JSON.stringify(v)}`
  if (typeof v === 'boolean') return `b:${v}`
  if (Array.isArray(v)) return `a:[${v.map(canonical).join(',')}]`
  if (v instanceof RegExp) return `r:${v}`
  if (isPlainObject(v))
    return `o:{${Object.keys(v)
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(',')}}`
  return `x:${String(v)}`
}

export function describeKey(doc: AnyDoc, fields: string[]): string {
  const show = (v: any) => (v === undefined ? 'null' : v instanceof Date ? `new Date(${v.getTime()})` : JSON.stringify(v))
  return `{ ${fields.map((f) => `${f}: ${show(getPath(doc, splitPath(f)))}`).join(', ')} }`
}

// ---------------------------------------------------------------------------------------------------
// Aggregation (the stages the functions use; any other is refused rather than half-done)

/** An expression's value: '$path' reads a field, anything else is a literal. */
function evalExpression(doc: AnyDoc, expr: any): any {
  if (typeof expr === 'string' && expr.startsWith('$')) return getPath(doc, splitPath(expr.slice(1)))
  if (isPlainObject(expr) && !isOperatorObject(expr)) {
    const out: AnyDoc = {}
    for (const [k, v] of Object.entries(expr)) out[k] = evalExpression(doc, v)
    return out
  }
  if (isOperatorObject(expr)) {
    const [op, arg] = Object.entries(expr)[0]
    if (op === '$slice') return sliceExpression(doc, arg)
    throw new MongoError(`expression operator ${op} is not supported by the local cloud`)
  }
  return expr
}

/**
 * `{ $slice: [array, n] }` (the first n, or the last -n) and `{ $slice: [array, position, n] }`, as
 * MongoDB's aggregation operator (https://www.mongodb.com/docs/manual/reference/operator/aggregation/slice/;
 * the SDK's `db.command.aggregate.slice`): a missing or null array gives null.
 */
function sliceExpression(doc: AnyDoc, arg: any): any {
  if (!Array.isArray(arg) || arg.length < 2 || arg.length > 3) throw new MongoError('$slice takes 2 or 3 arguments')
  const [array, ...numbers] = arg.map((a) => evalExpression(doc, a))
  if (array === null || array === undefined) return null
  if (!Array.isArray(array)) throw new MongoError(`First argument to $slice must be an array, but is of type: ${typeName(array)}`)
  if (!numbers.every((n) => Number.isInteger(n))) throw new MongoError('the numbers given to $slice must be integers')
  if (numbers.length === 1) {
    const [n] = numbers
    return n >= 0 ? array.slice(0, n) : array.slice(Math.max(0, array.length + n))
  }
  const [position, n] = numbers
  if (n <= 0) throw new MongoError(`Third argument to $slice must be positive: ${n}`)
  const start = position >= 0 ? Math.min(position, array.length) : Math.max(0, array.length + position)
  return array.slice(start, start + n)
}

const ACCUMULATORS: Record<string, (values: any[]) => any> = {
  $sum: (values) => values.reduce((sum, v) => (typeof v === 'number' ? sum + v : sum), 0),
  $avg: (values) => {
    const numbers = values.filter((v) => typeof v === 'number')
    return numbers.length ? numbers.reduce((a, b) => a + b, 0) / numbers.length : null
  },
  // In the order the documents reach the group, so sorted after a $sort; missing values are left out
  // (https://developers.weixin.qq.com/miniprogram/dev/wxcloud/reference-sdk-api/database/command/aggregate/AggregateCommand.push.html,
  // https://www.mongodb.com/docs/v4.4/reference/operator/aggregation/push/#behavior).
  $push: (values) => values.filter((v) => v !== undefined),
  $min: (values) =>
    values.filter((v) => v !== undefined).reduce((a, b) => (a === undefined || compareValues(b, a) < 0 ? b : a), undefined) ?? null,
  $max: (values) =>
    values.filter((v) => v !== undefined).reduce((a, b) => (a === undefined || compareValues(b, a) > 0 ? b : a), undefined) ?? null,
}

function groupDocs(docs: AnyDoc[], spec: AnyDoc): AnyDoc[] {
  if (!('_id' in spec)) throw new MongoError('a group specification must include an _id')
  const groups = new Map<string, { _id: any; docs: AnyDoc[] }>()
  for (const doc of docs) {
    const id = evalExpression(doc, spec._id) ?? null
    const key = JSON.stringify(id instanceof Date ? { $date: id.getTime() } : id)
    if (!groups.has(key)) groups.set(key, { _id: id, docs: [] })
    groups.get(key)!.docs.push(doc)
  }
  return [...groups.values()].map((group) => {
    const out: AnyDoc = { _id: group._id }
    for (const [field, acc] of Object.entries(spec)) {
      if (field === '_id') continue
      const [op, arg] = isPlainObject(acc) ? (Object.entries(acc)[0] ?? []) : []
      const fn = op ? ACCUMULATORS[op] : undefined
      if (!fn) throw new MongoError(`the group field '${field}' must be an accumulator ($sum, $avg, $push, $min, $max) in the local cloud`)
      out[field] = fn(group.docs.map((doc) => evalExpression(doc, arg)))
    }
    return out
  })
}

/**
 * A `$project` stage: fields kept (1/true), left out (0/false) or computed from an expression; an
 * exclusion cannot be mixed with kept or computed fields, except for `_id`, which is kept unless excluded.
 */
function projectStage(doc: AnyDoc, spec: AnyDoc): AnyDoc {
  if (!isPlainObject(spec) || Object.keys(spec).length === 0) throw new MongoError('$project requires at least one output field')
  const isFlag = (v: unknown) => typeof v === 'boolean' || typeof v === 'number'
  const computed = Object.keys(spec).filter((k) => !isFlag(spec[k]))
  if (computed.length === 0) return projectDoc(doc, spec)
  const kept = Object.keys(spec).filter((k) => k !== '_id' && isFlag(spec[k]))
  if (kept.some((k) => !spec[k])) throw new MongoError('Invalid $project :: Cannot use expression other than $meta in exclusion projection')
  const withId = spec._id === undefined || (isFlag(spec._id) && Boolean(spec._id))
  const out: AnyDoc = withId && doc._id !== undefined ? { _id: doc._id } : {}
  if (kept.length) Object.assign(out, projectDoc(doc, Object.fromEntries([...kept.map((k) => [k, 1]), ['_id', 0]])))
  for (const k of computed) out[k] = evalExpression(doc, spec[k])
  return out
}

/**
 * Runs the stages after the first `$match` (done by the store through its indexes) on `docs`.
 * Supported: $match, $group, $sort, $skip, $limit, $project (inclusion and computed fields), $count.
 */
export function runPipeline(docs: AnyDoc[], stages: { stage: string; value: any }[]): AnyDoc[] {
  let out = docs
  for (const { stage, value } of stages) {
    switch (stage) {
      case '$match':
        out = out.filter((doc) => matchDoc(doc, value))
        break
      case '$group':
        out = groupDocs(out, value)
        break
      case '$sort':
        out = sortDocs(
          out,
          Object.entries(value).map(([k, v]) => [k, Number(v) < 0 ? -1 : 1]),
        )
        break
      case '$skip':
        out = out.slice(Number(value))
        break
      case '$limit':
        if (!Number.isInteger(value) || value <= 0) throw new MongoError('the limit must be positive')
        out = out.slice(0, value)
        break
      case '$project':
        out = out.map((doc) => projectStage(doc, value))
        break
      case '$count':
        out = out.length ? [{ [String(value)]: out.length }] : []
        break
      default:
        throw new MongoError(`aggregation stage ${stage} is not supported by the local cloud`)
    }
  }
  return out
}
