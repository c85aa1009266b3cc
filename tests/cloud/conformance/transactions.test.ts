/**
 * Atomicity and transactions, as CloudBase documents them: single-document operations are atomic;
 * transactions have snapshot isolation, lock the documents they write (another transaction writing
 * them fails, ordinary writes wait), apply their writes atomically on commit, and leave nothing behind
 * when they fail. Only single-document operations are allowed inside a transaction.
 */
import Datastore from '@seald-io/nedb'
import { Harness, makeCloud, rejection } from './helpers'

let h: Harness
let _: any

beforeEach(async () => {
  h = makeCloud({ transactionTimeoutMs: 2000 })
  _ = h.db.command
  await h.db.collection('items').add({ data: { _id: 'act', seats: 1, balance: 100 } })
  await h.db.collection('items').add({ data: { _id: 'other', seats: 0, balance: 0 } })
})

afterEach(async () => {
  await h.cloud.close()
})

const takeSeat = () =>
  h.db
    .collection('items')
    .where({ _id: 'act', seats: _.gt(0) })
    .update({ data: { seats: _.inc(-1) } })

const get = async (id: string) => (await h.db.collection('items').doc(id).get()).data

describe('single-document atomicity', () => {
  test('two concurrent conditional updates: exactly one wins', async () => {
    const [a, b] = await Promise.all([takeSeat(), takeSeat()])
    expect(a.stats.updated + b.stats.updated).toBe(1)
    expect((await get('act')).seats).toBe(0)
  })

  test('300 concurrent conditional decrements never go below zero', async () => {
    await h.db
      .collection('items')
      .doc('act')
      .update({ data: { seats: 100 } })
    const results = await Promise.all(Array.from({ length: 300 }, () => takeSeat()))
    expect(results.filter((r) => r.stats.updated === 1)).toHaveLength(100)
    expect((await get('act')).seats).toBe(0)
  })

  test('concurrent inserts of one unique key (or one _id), a set and an update to it: exactly one wins', async () => {
    const accounts = h.db.collection('accounts')
    await accounts.add({ data: { _id: 'taken', phone: '0' } })
    const tries = [
      ...Array.from({ length: 20 }, (_unused, i) => accounts.add({ data: { _id: `a${i}`, phone: '13800000009' } })),
      accounts.doc('b').set({ data: { phone: '13800000009' } }),
      accounts.doc('taken').update({ data: { phone: '13800000009' } }),
    ]
    const settled = await Promise.allSettled(tries)
    expect(settled.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    for (const r of settled) if (r.status === 'rejected') expect(String(r.reason.message)).toMatch(/duplicate key/)
    expect((await accounts.where({ phone: '13800000009' }).count()).total).toBe(1)
    const sameId = await Promise.allSettled(
      Array.from({ length: 10 }, (_unused, i) => accounts.add({ data: { _id: 'same', phone: `p${i}` } })),
    )
    expect(sameId.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
  })

  test('concurrent increments are all applied', async () => {
    await Promise.all(
      Array.from({ length: 50 }, () =>
        h.db
          .collection('items')
          .doc('act')
          .update({ data: { balance: _.inc(1) } }),
      ),
    )
    expect((await get('act')).balance).toBe(150)
  })
})

describe('runTransaction', () => {
  test('commits all writes and resolves with the function result', async () => {
    const result = await h.db.runTransaction(async (t) => {
      const from = (await t.collection('items').doc('act').get()).data
      await t
        .collection('items')
        .doc('act')
        .update({ data: { balance: _.inc(-30) } })
      await t
        .collection('items')
        .doc('other')
        .update({ data: { balance: _.inc(30) } })
      await t.collection('items').add({ data: { _id: 'log-1', amount: 30 } })
      return from.balance
    })
    expect(result).toBe(100)
    expect((await get('act')).balance).toBe(70)
    expect((await get('other')).balance).toBe(30)
    expect(await get('log-1')).toEqual({ _id: 'log-1', amount: 30 })
  })

  test('a function that throws leaves nothing behind and rejects with the thrown value', async () => {
    const boom = new Error('boom')
    let ran = 0
    const err = await rejection(
      h.db.runTransaction(async (t) => {
        ran++
        await t
          .collection('items')
          .doc('act')
          .update({ data: { balance: 0 } })
        await t.collection('items').add({ data: { _id: 'ghost' } })
        await t.collection('items').doc('other').remove()
        throw boom
      }),
    )
    expect(err).toBe(boom)
    expect(ran).toBe(1) // only conflicts are retried
    expect((await get('act')).balance).toBe(100)
    expect((await h.db.collection('items').count()).total).toBe(2)
  })

  test('rollback(reason) leaves nothing behind and rejects with the reason', async () => {
    const err = await rejection(
      h.db.runTransaction(async (t) => {
        await t
          .collection('items')
          .doc('act')
          .update({ data: { balance: 0 } })
        await t.rollback({ code: 'NOPE' })
        return 'unreachable'
      }),
    )
    expect(err).toEqual({ code: 'NOPE' })
    expect((await get('act')).balance).toBe(100)
  })

  test('reads inside a transaction see its own writes; doc().get() of a missing doc rejects', async () => {
    await h.db.runTransaction(async (t) => {
      await t
        .collection('items')
        .doc('act')
        .update({ data: { balance: _.inc(5) } })
      expect((await t.collection('items').doc('act').get()).data.balance).toBe(105)
      await t
        .collection('items')
        .doc('new')
        .set({ data: { v: 1 } })
      expect((await t.collection('items').doc('new').get()).data).toEqual({ _id: 'new', v: 1 })
      const err = await rejection(t.collection('items').doc('missing').get())
      expect(err.message).toMatch(/document with _id missing does not exist/)
    })
    expect((await get('act')).balance).toBe(105)
    expect((await get('new')).v).toBe(1)
  })

  test('where(), get(), count(), update() and remove() on a transaction collection are refused', async () => {
    const attempts: ((t: any) => Promise<any>)[] = [
      (t) => t.collection('items').where({ seats: 1 }).get(),
      (t) =>
        t
          .collection('items')
          .where({ seats: 1 })
          .update({ data: { seats: 0 } }),
      (t) => t.collection('items').where({ seats: 1 }).remove(),
      (t) => t.collection('items').where({ seats: 1 }).count(),
      (t) => t.collection('items').get(),
      (t) => t.collection('items').count(),
    ]
    for (const attempt of attempts) {
      const err = await rejection(h.db.runTransaction(async (t) => attempt(t)))
      expect(err.message).toMatch(/single-document operations/)
    }
    expect((await get('act')).seats).toBe(1)
  })

  test('unique indexes hold inside transactions', async () => {
    await h.db.collection('accounts').add({ data: { _id: 'x', phone: '1' } })
    const err = await rejection(h.db.runTransaction(async (t) => t.collection('accounts').add({ data: { phone: '1' } })))
    expect(err.message).toMatch(/duplicate key/)
    const err2 = await rejection(
      h.db.runTransaction(async (t) => {
        await t.collection('accounts').add({ data: { _id: 'y', phone: '2' } })
        await t.collection('accounts').add({ data: { _id: 'z', phone: '2' } })
      }),
    )
    expect(err2.message).toMatch(/duplicate key/)
    expect((await h.db.collection('accounts').count()).total).toBe(1)
  })
})

describe('isolation and conflicts', () => {
  test('snapshot reads: a transaction keeps seeing the data as of its start', async () => {
    const t = await h.db.startTransaction()
    expect((await t.collection('items').doc('act').get()).data.balance).toBe(100)
    await h.db
      .collection('items')
      .doc('act')
      .update({ data: { balance: 1 } })
    await h.db.collection('items').add({ data: { _id: 'late' } })
    expect((await t.collection('items').doc('act').get()).data.balance).toBe(100)
    expect(await rejection(t.collection('items').doc('late').get())).toBeInstanceOf(Error)
    // writing a document changed since the transaction started is a conflict
    const err = await rejection(
      t
        .collection('items')
        .doc('act')
        .update({ data: { balance: 2 } }),
    )
    expect(err.message).toMatch(/DATABASE_TRANSACTION_CONFLICT/)
    await t.rollback()
    expect((await get('act')).balance).toBe(1)
  })

  test('a write to a document locked by another transaction fails at once with a conflict', async () => {
    const t1 = await h.db.startTransaction()
    const t2 = await h.db.startTransaction()
    await t1
      .collection('items')
      .doc('act')
      .update({ data: { balance: _.inc(-10) } })
    const err = await rejection(
      t2
        .collection('items')
        .doc('act')
        .update({ data: { balance: _.inc(-20) } }),
    )
    expect(err.message).toMatch(/^document\.update:fail/)
    expect(err.message).toMatch(/DATABASE_TRANSACTION_CONFLICT/)
    await t2.rollback()
    await t1.commit()
    expect((await get('act')).balance).toBe(90)
  })

  test('runTransaction: a write conflict fails the transaction (wx-server-sdk retries only commit conflicts)', async () => {
    const holder = await h.db.startTransaction()
    await holder
      .collection('items')
      .doc('act')
      .update({ data: { seats: 0 } })
    let runs = 0
    const err = await rejection(
      h.db.runTransaction(async (t) => {
        runs++
        await t
          .collection('items')
          .doc('act')
          .update({ data: { seats: 5 } })
      }),
    )
    expect(err.message).toMatch(/DATABASE_TRANSACTION_CONFLICT/)
    expect(runs).toBe(1)
    await holder.commit()
    expect((await get('act')).seats).toBe(0)
  })

  test('an ordinary write to a locked document waits for the commit, then applies on top of it', async () => {
    const t = await h.db.startTransaction()
    await t
      .collection('items')
      .doc('act')
      .update({ data: { balance: _.inc(-50) } })
    let done = false
    const pending = h.db
      .collection('items')
      .doc('act')
      .update({ data: { balance: _.inc(1) } })
      .then((r) => {
        done = true
        return r
      })
    await new Promise((r) => setTimeout(r, 30))
    expect(done).toBe(false)
    // reads are not blocked and do not see uncommitted writes
    expect((await get('act')).balance).toBe(100)
    await t.commit()
    expect((await pending).stats.updated).toBe(1)
    expect((await get('act')).balance).toBe(51)
  })

  test('many concurrent transfers through transactions keep the total exact', async () => {
    const transfer = async () => {
      for (;;) {
        try {
          return await h.db.runTransaction(async (t) => {
            const a = (await t.collection('items').doc('act').get()).data
            if (a.balance < 1) return false
            await t
              .collection('items')
              .doc('act')
              .update({ data: { balance: _.inc(-1) } })
            await t
              .collection('items')
              .doc('other')
              .update({ data: { balance: _.inc(1) } })
            return true
          })
        } catch (e: any) {
          if (!/DATABASE_TRANSACTION_CONFLICT/.test(e.message)) throw e
        }
      }
    }
    await h.db
      .collection('items')
      .doc('act')
      .update({ data: { balance: 30 } })
    const results = await Promise.all(Array.from({ length: 40 }, () => transfer()))
    expect(results.filter(Boolean)).toHaveLength(30)
    expect((await get('act')).balance).toBe(0)
    expect((await get('other')).balance).toBe(30)
  })

  test('a commit is atomic for readers', async () => {
    const t = await h.db.startTransaction()
    for (let i = 0; i < 20; i++) await t.collection('other').add({ data: { _id: `m${i}` } })
    const reads = Array.from({ length: 10 }, () => h.db.collection('other').count())
    const commit = t.commit()
    reads.push(...Array.from({ length: 10 }, () => h.db.collection('other').count()))
    await commit
    for (const r of await Promise.all(reads)) expect([0, 20]).toContain(r.total)
    expect((await h.db.collection('other').count()).total).toBe(20)
  })

  test('while a commit is being written, operations on other documents go on; its own documents wait for it', async () => {
    // The commit's write of `act` is held up (a slow disk); nothing else is.
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    let reached!: () => void
    const writing = new Promise<void>((resolve) => (reached = resolve))
    const original = Datastore.prototype.updateAsync
    const spy = jest.spyOn(Datastore.prototype, 'updateAsync').mockImplementation(async function (this: Datastore, ...args: any[]) {
      if (args[0]?._id === 'act') {
        reached()
        await held
      }
      return (original as any).apply(this, args)
    })
    const soon = <T>(p: Promise<T>) =>
      Promise.race([p, new Promise<never>((_resolve, reject) => setTimeout(() => reject(new Error('still waiting')), 1000))])
    try {
      const commit = h.db.runTransaction(async (t) => {
        await t
          .collection('items')
          .doc('act')
          .update({ data: { balance: _.inc(-10) } })
        await t.collection('other').add({ data: { _id: 'log', amount: 10 } })
      })
      await writing
      // Other documents of the same collection and of another: read, changed, added, counted at once.
      expect((await soon(get('other'))).balance).toBe(0)
      expect(
        (
          await soon(
            h.db
              .collection('items')
              .doc('other')
              .update({ data: { balance: _.inc(5) } }),
          )
        ).stats.updated,
      ).toBe(1)
      await soon(h.db.collection('items').add({ data: { _id: 'new', balance: 1 } }))
      await soon(h.db.collection('accounts').add({ data: { _id: 'a1', phone: '1' } }))
      expect(
        (
          await soon(
            h.db
              .collection('items')
              .where({ balance: _.gte(1) })
              .count(),
          )
        ).total,
      ).toBe(3)
      // The transaction's own document: a reader waits for the commit, a writer for the transaction's lock.
      let answered = false
      const reading = get('act').then((doc) => ((answered = true), doc))
      const changing = h.db
        .collection('items')
        .doc('act')
        .update({ data: { seats: _.inc(1) } })
      await new Promise((resolve) => setTimeout(resolve, 50))
      expect(answered).toBe(false)
      release()
      await commit
      expect((await reading).balance).toBe(90)
      await changing
      expect(await get('act')).toMatchObject({ balance: 90, seats: 2 })
      expect((await h.db.collection('other').doc('log').get()).data).toMatchObject({ amount: 10 })
    } finally {
      release()
      spy.mockRestore()
    }
  })

  test('a transaction not committed in time is rolled back and its locks released', async () => {
    const quick = makeCloud({ transactionTimeoutMs: 60 })
    await quick.db.collection('items').add({ data: { _id: 'x', v: 0 } })
    const t = await quick.db.startTransaction()
    await t
      .collection('items')
      .doc('x')
      .update({ data: { v: 1 } })
    const waiting = quick.db
      .collection('items')
      .doc('x')
      .update({ data: { v: 2 } })
    await new Promise((r) => setTimeout(r, 120))
    expect((await waiting).stats.updated).toBe(1)
    expect(await rejection(t.commit())).toMatchObject({ message: expect.stringMatching(/expired/) })
    expect((await quick.db.collection('items').doc('x').get()).data.v).toBe(2)
    await quick.cloud.close()
  })
})
