/**
 * Conformance of the local cloud database with CloudBase (wx-server-sdk) semantics: queries, updates,
 * results, limits and errors. The local database is reached through the real wx-server-sdk query
 * builder, so what is pinned here is the service side of production's behaviour.
 */
import { Harness, makeCloud, rejection } from './helpers'

let h: Harness
let _: any

const WHEN = new Date('2024-04-01T00:00:00.000Z')

beforeEach(async () => {
  h = makeCloud()
  _ = h.db.command
  const items = h.db.collection('items')
  await items.add({ data: { _id: 'a', n: 1, tag: 'x', tags: ['x', 'y'], nested: { k: 1, j: 'p' }, s: 'apple', when: WHEN } })
  await items.add({ data: { _id: 'b', n: 2, tag: 'y', tags: ['y'], nested: { k: 2 }, s: 'banana', opt: null } })
  await items.add({ data: { _id: 'c', n: 3, tag: 'x', tags: [], nested: { k: 3, j: 'q' }, s: 'cherry', opt: 5 } })
  await items.add({ data: { _id: 'd', n: 4, s: 'date', when: new Date(WHEN.getTime() + 86400_000) } })
})

afterEach(async () => {
  await h.cloud.close()
})

async function ids(query: Record<string, any>): Promise<string[]> {
  const res = await h.db.collection('items').where(query).get()
  return res.data.map((d) => d._id as string).sort()
}

describe('query operators', () => {
  test('equality, eq and neq (neq also matches documents without the field)', async () => {
    expect(await ids({ tag: 'x' })).toEqual(['a', 'c'])
    expect(await ids({ tag: _.eq('x') })).toEqual(['a', 'c'])
    expect(await ids({ tag: _.neq('x') })).toEqual(['b', 'd'])
  })

  test('gt, gte, lt, lte', async () => {
    expect(await ids({ n: _.gt(2) })).toEqual(['c', 'd'])
    expect(await ids({ n: _.gte(2) })).toEqual(['b', 'c', 'd'])
    expect(await ids({ n: _.lt(2) })).toEqual(['a'])
    expect(await ids({ n: _.lte(2) })).toEqual(['a', 'b'])
    // comparisons do not cross types: strings are not "greater than" numbers
    expect(await ids({ s: _.gt(0) })).toEqual([])
  })

  test('in and nin', async () => {
    expect(await ids({ tag: _.in(['y', 'z']) })).toEqual(['b'])
    expect(await ids({ tag: _.nin(['x']) })).toEqual(['b', 'd'])
    expect(await ids({ tag: _.in([]) })).toEqual([])
  })

  test('and / or, as field commands, chained and at top level', async () => {
    expect(await ids({ n: _.gt(1).and(_.lt(4)) })).toEqual(['b', 'c'])
    expect(await ids({ n: _.and(_.gt(1), _.lt(3)) })).toEqual(['b'])
    expect(await ids({ n: _.lt(2).or(_.gt(3)) })).toEqual(['a', 'd'])
    expect(await ids(_.and([{ tag: 'x' }, { n: _.gt(1) }]))).toEqual(['c'])
    expect(await ids(_.or([{ tag: 'y' }, { n: _.gte(4) }]))).toEqual(['b', 'd'])
  })

  test('exists (a null value exists) and null equality (matches null and missing)', async () => {
    expect(await ids({ opt: _.exists(true) })).toEqual(['b', 'c'])
    expect(await ids({ opt: _.exists(false) })).toEqual(['a', 'd'])
    expect(await ids({ opt: null })).toEqual(['a', 'b', 'd'])
  })

  // MongoDB's rules (CloudBase is MongoDB underneath), where a general JS matcher such as mingo 7 differs:
  // https://www.mongodb.com/docs/manual/reference/operator/query/gte/ (null matches null and missing) and
  // .../query/elemMatch/ (a document condition matches only document elements).
  test('gte/lte null match null and missing fields; elemMatch with a document condition skips scalar elements', async () => {
    expect(await ids({ opt: _.gte(null) })).toEqual(['a', 'b', 'd'])
    expect(await ids({ opt: _.lte(null) })).toEqual(['a', 'b', 'd'])
    expect(await ids({ tags: _.elemMatch({ k: 'y' }) })).toEqual([])
    expect(await ids({ tags: _.elemMatch(_.eq('y')) })).toEqual(['a', 'b'])
  })

  test('arrays: a value matches arrays that contain it', async () => {
    expect(await ids({ tags: 'y' })).toEqual(['a', 'b'])
    expect(await ids({ tags: _.in(['x']) })).toEqual(['a'])
  })

  test('nested objects in where() match on the given fields (not whole-object equality), like dot paths', async () => {
    expect(await ids({ nested: { k: 1 } })).toEqual(['a'])
    expect(await ids({ 'nested.k': 1 })).toEqual(['a'])
    expect(await ids({ nested: { k: _.gte(2) } })).toEqual(['b', 'c'])
    expect(await ids({ 'nested.j': _.exists(true) })).toEqual(['a', 'c'])
  })

  test('dates compare as dates; regular expressions', async () => {
    expect(await ids({ when: _.lt(new Date(WHEN.getTime() + 1000)) })).toEqual(['a'])
    expect(await ids({ when: _.gte(WHEN) })).toEqual(['a', 'd'])
    expect(await ids({ s: (h.db as any).RegExp({ regexp: '^B', options: 'i' }) })).toEqual(['b'])
    expect(await ids({ s: /err/ })).toEqual(['c'])
  })
})

describe('reading', () => {
  test('count() answers { total }', async () => {
    const all = await h.db.collection('items').count()
    expect(all.total).toBe(4)
    const some = await h.db.collection('items').where({ tag: 'x' }).count()
    expect(some.total).toBe(2)
  })

  test('get() returns at most 100 by default; limit() above 100 is refused', async () => {
    const other = h.db.collection('other')
    for (let i = 0; i < 120; i++) await other.add({ data: { i, group: i % 3 } })
    expect((await other.get()).data).toHaveLength(100)
    expect((await other.limit(5).get()).data).toHaveLength(5)
    expect((await other.limit(100).get()).data).toHaveLength(100)
    expect((await other.skip(100).limit(50).get()).data).toHaveLength(20)
    const err = await rejection(other.limit(101).get())
    expect(err.message).toMatch(/^collection\.get:fail/)
    expect(err.message).toMatch(/limit/)
  })

  test('orderBy on several fields, skip and limit', async () => {
    const other = h.db.collection('other')
    for (let i = 0; i < 9; i++) await other.add({ data: { i, group: i % 3 } })
    const res = await other.orderBy('group', 'asc').orderBy('i', 'desc').skip(2).limit(4).get()
    expect(res.data.map((d) => [d.group, d.i])).toEqual([
      [0, 0],
      [1, 7],
      [1, 4],
      [1, 1],
    ])
  })

  test('field() projection: inclusion keeps _id, exclusion removes the fields', async () => {
    const inc = await h.db.collection('items').where({ _id: 'a' }).field({ s: true, 'nested.k': true }).get()
    expect(inc.data).toEqual([{ _id: 'a', s: 'apple', nested: { k: 1 } }])
    const exc = await h.db.collection('items').where({ _id: 'a' }).field({ nested: false, tags: false, when: false }).get()
    expect(exc.data).toEqual([{ _id: 'a', n: 1, tag: 'x', s: 'apple' }])
    const doc = await (h.db.collection('items').doc('b') as any).field({ n: true }).get()
    expect(doc.data).toEqual({ _id: 'b', n: 2 })
  })

  test('doc(id).get() of a missing document rejects like production', async () => {
    const err = await rejection(h.db.collection('items').doc('nope').get())
    expect(err.message).toBe('document.get:fail document with _id nope does not exist')
    expect(err.errCode).toBe(-1)
  })

  test('throwOnNotFound: false (database option or init option) answers { data: null } instead', async () => {
    const db = (h.sdk.database as any)({ throwOnNotFound: false })
    expect((await db.collection('items').doc('nope').get()).data).toBeNull()
    const sdk = h.cloud.sdkFor({ OPENID: 'u', SOURCE: 'wx_client' })
    sdk.init({ env: sdk.DYNAMIC_CURRENT_ENV, throwOnNotFound: false } as any)
    expect((await sdk.database().collection('items').doc('nope').get()).data).toBeNull()
  })

  test('dates round-trip as Date objects', async () => {
    const { data } = await h.db.collection('items').doc('a').get()
    expect(data.when).toBeInstanceOf(Date)
    expect(data.when.toISOString()).toBe(WHEN.toISOString())
  })

  test('a collection that was never created is refused (DATABASE_COLLECTION_NOT_EXIST)', async () => {
    const err = await rejection(h.db.collection('undeclared').get())
    expect(err.errCode).toBe(-502005)
    const err2 = await rejection(h.db.collection('undeclared').add({ data: { a: 1 } }))
    expect(err2.errCode).toBe(-502005)
  })
})

describe('writing', () => {
  test('add() generates an _id, or uses the given one; a duplicate _id is refused (E11000)', async () => {
    const r = await h.db.collection('items').add({ data: { n: 9 } })
    expect(r._id).toMatch(/^[0-9a-f]{32}$/)
    const err = await rejection(h.db.collection('items').add({ data: { _id: 'a', n: 0 } }))
    expect(err.message).toMatch(/^collection\.add:fail -502001/)
    expect(err.message).toMatch(/E11000 duplicate key error/)
    expect(err.errCode).toBe(-502001)
  })

  test('update operators: inc, set, remove, push, pull, addToSet', async () => {
    const doc = h.db.collection('items').doc('a')
    await doc.update({ data: { n: _.inc(5), gone: _.remove(), s: _.set('apricot') } })
    await doc.update({ data: { tags: _.push(['z', 'w']) } })
    await doc.update({ data: { tags: _.pull('x') } })
    await doc.update({ data: { tags: _.addToSet('y') } }) // already there
    await doc.update({ data: { tags: _.addToSet('v') } })
    await doc.update({ data: { list: _.push(1) } }) // missing field: created
    await doc.update({ data: { tag: _.remove() } })
    const { data } = await doc.get()
    expect(data.n).toBe(6)
    expect(data.s).toBe('apricot')
    expect(data.tags).toEqual(['y', 'z', 'w', 'v'])
    expect(data.list).toEqual([1])
    expect('tag' in data).toBe(false)
    await doc.update({ data: { tags: _.pull(_.in(['z', 'w'])) } })
    expect((await doc.get()).data.tags).toEqual(['y', 'v'])
  })

  test('inc on a non-number is refused', async () => {
    const err = await rejection(
      h.db
        .collection('items')
        .doc('a')
        .update({ data: { s: _.inc(1) } }),
    )
    expect(err.message).toMatch(/^document\.update:fail/)
    expect(err.message).toMatch(/non-numeric/)
  })

  test('a plain nested object in update() sets the given nested fields; _.set replaces the sub-object', async () => {
    const doc = h.db.collection('items').doc('a')
    await doc.update({ data: { nested: { k: 9 } } })
    expect((await doc.get()).data.nested).toEqual({ k: 9, j: 'p' })
    await doc.update({ data: { nested: _.set({ k: 10 }) } })
    expect((await doc.get()).data.nested).toEqual({ k: 10 })
    await doc.update({ data: { 'deep.er': 1 } })
    expect((await doc.get()).data.deep).toEqual({ er: 1 })
  })

  test('update stats count the documents actually changed', async () => {
    const items = h.db.collection('items')
    expect((await items.where({ tag: 'x' }).update({ data: { flag: true } })).stats.updated).toBe(2)
    // same values again: matched but not modified, as production reports
    expect((await items.where({ tag: 'x' }).update({ data: { flag: true } })).stats.updated).toBe(0)
    expect((await items.where({ tag: 'none' }).update({ data: { flag: true } })).stats.updated).toBe(0)
    expect((await items.doc('b').update({ data: { n: _.inc(1) } })).stats.updated).toBe(1)
    expect((await items.doc('missing').update({ data: { n: 1 } })).stats.updated).toBe(0)
  })

  test('set() replaces or creates the document', async () => {
    const items = h.db.collection('items')
    const created = await items.doc('new').set({ data: { only: 1 } })
    expect(created._id).toBe('new')
    expect(created.stats).toEqual({ updated: 0, created: 1 })
    const replaced = await items.doc('a').set({ data: { only: 2 } })
    expect(replaced.stats).toEqual({ updated: 1, created: 0 })
    expect((await items.doc('a').get()).data).toEqual({ _id: 'a', only: 2 })
    const err = await rejection(items.doc('a').set({ data: { n: _.inc(1) } }))
    expect(err.message).toMatch(/^document\.set:fail/)
  })

  test('remove() on a query and on a document, with stats', async () => {
    const items = h.db.collection('items')
    expect((await items.where({ tag: 'x' }).remove()).stats.removed).toBe(2)
    expect((await items.doc('b').remove()).stats.removed).toBe(1)
    expect((await items.doc('b').remove()).stats.removed).toBe(0)
    expect((await items.count()).total).toBe(1)
  })

  test('serverDate() is the local clock, with its offset', async () => {
    const items = h.db.collection('items')
    const { _id } = await items.add({ data: { at: h.db.serverDate(), later: h.db.serverDate({ offset: 60_000 }) } })
    let { data } = await items.doc(_id).get()
    expect(data.at).toEqual(h.clock.now())
    expect(data.later.getTime()).toBe(h.clock.now().getTime() + 60_000)
    h.clock.advance(3600_000)
    await items.doc(_id).update({ data: { at: h.db.serverDate() } })
    data = (await items.doc(_id).get()).data
    expect(data.at).toEqual(h.clock.now())
    expect(await ids({ at: _.lte(h.db.serverDate()) })).toContain(_id)
  })

  test('unique indexes are enforced on add, update and set (missing fields count as null)', async () => {
    const acc = h.db.collection('accounts')
    await acc.add({ data: { _id: 'p1', phone: '13800000001' } })
    const dup = await rejection(acc.add({ data: { phone: '13800000001' } }))
    expect(dup.message).toMatch(/duplicate key/)
    expect(dup.message).toMatch(/phone_unique/)
    await acc.add({ data: { _id: 'p2', phone: '13800000002' } })
    expect((await rejection(acc.doc('p2').update({ data: { phone: '13800000001' } }))).message).toMatch(/duplicate/)
    expect((await rejection(acc.doc('p3').set({ data: { phone: '13800000001' } }))).message).toMatch(/duplicate/)
    await acc.add({ data: { _id: 'nophone-1' } })
    expect((await rejection(acc.add({ data: { _id: 'nophone-2' } }))).message).toMatch(/duplicate/)
    // compound unique index
    const slots = h.db.collection('slots')
    const start = new Date('2024-05-02T01:00:00Z')
    await slots.add({ data: { counselorId: 'c1', start } })
    await slots.add({ data: { counselorId: 'c2', start } })
    expect((await rejection(slots.add({ data: { counselorId: 'c1', start } }))).message).toMatch(/duplicate/)
    expect((await acc.count()).total).toBe(3)
  })
})
