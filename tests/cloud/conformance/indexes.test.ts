/**
 * The local store finds documents through its indexes (no scan per request) and keeps unique indexes
 * in a map: seeding 20 000 rows takes seconds, and the answers are those of a full scan.
 */
import { makeCloud } from './helpers'

test('20 000 rows under a unique index are written in seconds; equality queries, counts and duplicates stay exact', async () => {
  const { cloud, db } = makeCloud()
  try {
    const started = Date.now()
    for (let i = 0; i < 20_000; i++)
      await db.collection('accounts').add({ data: { _id: `a${i}`, phone: `139${String(i).padStart(8, '0')}` } })
    for (let i = 0; i < 2_000; i++)
      await db
        .collection('slots')
        .add({ data: { counselorId: `c${i % 20}`, start: new Date(Date.UTC(2030, 0, 1) + i * 3600_000), tags: ['x', `t${i % 3}`] } })
    expect(Date.now() - started).toBeLessThan(20_000)

    const duplicate = await db
      .collection('accounts')
      .add({ data: { phone: '13900012345' } })
      .catch((error: Error) => error)
    expect(String((duplicate as Error).message)).toMatch(/E11000.*phone_unique/)
    // Moving a value frees it for another document; the old key no longer counts.
    await db
      .collection('accounts')
      .doc('a12345')
      .update({ data: { phone: '13800000000' } })
    await db.collection('accounts').add({ data: { _id: 'fresh', phone: '13900012345' } })
    expect((await db.collection('accounts').where({ phone: '13900012345' }).get()).data.map((d: any) => d._id)).toEqual(['fresh'])

    // Index prefixes (counselorId, then counselorId + start) and a non-indexed multikey field give a scan's answer.
    const { total } = await db.collection('slots').where({ counselorId: 'c7' }).count()
    expect(total).toBe(100)
    const at = new Date(Date.UTC(2030, 0, 1) + 27 * 3600_000)
    expect((await db.collection('slots').where({ counselorId: 'c7', start: at }).get()).data).toHaveLength(1)
    expect((await db.collection('slots').where({ counselorId: 'c7', tags: 't1' }).count()).total).toBe(
      Array.from({ length: 2000 }, (_, i) => i).filter((i) => i % 20 === 7 && i % 3 === 1).length,
    )
    expect(
      (
        await db
          .collection('accounts')
          .where({ _id: db.command.in(['a1', 'a2', 'nobody']) })
          .get()
      ).data,
    ).toHaveLength(2)
    // `in` on an index's first field, alone or with more conditions.
    const _ = db.command
    expect(
      (
        await db
          .collection('slots')
          .where({ counselorId: _.in(['c7', 'c8', 'none']) })
          .count()
      ).total,
    ).toBe(200)
    expect(
      (
        await db
          .collection('slots')
          .where({ counselorId: _.in(['c7', 'c8']), tags: 't0' })
          .get()
      ).data
        .map((d: any) => d.counselorId)
        .sort(),
    ).toEqual(
      Array.from({ length: 2000 }, (_unused, i) => i)
        .filter((i) => (i % 20 === 7 || i % 20 === 8) && i % 3 === 0)
        .map((i) => `c${i % 20}`)
        .sort()
        .slice(0, 100),
    )
    expect(
      (
        await db
          .collection('accounts')
          .where({ phone: _.in(['13900000001', '13900000002', '0']) })
          .get()
      ).data,
    ).toHaveLength(2)
    await db.collection('slots').where({ counselorId: 'c7' }).remove()
    expect((await db.collection('slots').where({ counselorId: 'c7' }).count()).total).toBe(0)
  } finally {
    await cloud.close()
  }
}, 60_000)

test('aggregate: match through the indexes, group with $sum; at most 20 results without limit(); unsupported stages refused', async () => {
  const { cloud, db } = makeCloud()
  try {
    const $ = db.command.aggregate
    for (let i = 0; i < 30; i++) await db.collection('items').add({ data: { group: `g${i}`, n: i } })
    for (let i = 0; i < 5; i++) await db.collection('items').add({ data: { group: 'g1', n: 100 } })
    const all = await db
      .collection('items')
      .aggregate()
      .group({ _id: '$group', total: $.sum('$n'), count: $.sum(1) })
      .end()
    expect(all.list).toHaveLength(20)
    const limited = await db
      .collection('items')
      .aggregate()
      .group({ _id: '$group', count: $.sum(1) })
      .limit(100)
      .end()
    expect(limited.list).toHaveLength(30)
    const g1 = await db
      .collection('items')
      .aggregate()
      .match({ group: 'g1' })
      .group({ _id: '$group', total: $.sum('$n'), count: $.sum(1) })
      .end()
    expect(g1.list).toEqual([{ _id: 'g1', total: 501, count: 6 }])
    await expect(
      (db.collection('items').aggregate() as any).lookup({ from: 'other', localField: 'a', foreignField: 'b', as: 'c' }).end(),
    ).rejects.toThrow(/not supported/)
  } finally {
    await cloud.close()
  }
})

test('aggregate: $push keeps the order of a $sort before the group; $project keeps, leaves out and computes ($slice)', async () => {
  const { cloud, db } = makeCloud()
  try {
    const $ = db.command.aggregate
    for (const n of [5, 3, 9, 1, 7]) await db.collection('items').add({ data: { _id: `i${n}`, group: 'g', n, tag: `t${n}` } })
    const [sorted] = (
      await db
        .collection('items')
        .aggregate()
        .match({ group: 'g' })
        .sort({ n: 1 })
        .group({ _id: '$group', count: $.sum(1), items: $.push({ n: '$n', tag: '$tag' }) })
        .project({ count: 1, first: $.slice(['$items', 2]), last: $.slice(['$items', -1]), middle: $.slice(['$items', 1, 2]) })
        .end()
    ).list
    expect(sorted).toEqual({
      _id: 'g',
      count: 5,
      first: [
        { n: 1, tag: 't1' },
        { n: 3, tag: 't3' },
      ],
      last: [{ n: 9, tag: 't9' }],
      middle: [
        { n: 3, tag: 't3' },
        { n: 5, tag: 't5' },
      ],
    })
    const [descending] = (
      await db
        .collection('items')
        .aggregate()
        .sort({ n: -1 })
        .group({ _id: null, ns: $.push('$n'), missing: $.push('$nowhere') })
        .project({ _id: 0, ns: 1, missing: 1 })
        .end()
    ).list
    expect(descending).toEqual({ ns: [9, 7, 5, 3, 1], missing: [] })
    // MongoDB refuses an expression beside an exclusion, and a $slice of something not an array.
    await expect(
      db
        .collection('items')
        .aggregate()
        .project({ tag: 0, first: $.slice(['$n', 1]) })
        .end(),
    ).rejects.toThrow(/exclusion/)
    await expect(
      db
        .collection('items')
        .aggregate()
        .project({ first: $.slice(['$n', 1]) })
        .end(),
    ).rejects.toThrow(/must be an array/)
  } finally {
    await cloud.close()
  }
})
