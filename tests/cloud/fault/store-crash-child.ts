/**
 * Child process of store-crash.test.ts: commits transactions that move 1 from account `a` to `b`
 * (and log the move) until it kills itself with SIGKILL in the middle of the commit numbered
 * STORE_CRASH_AT, after STORE_CRASH_AFTER_WRITES of that commit's documents reached the datafiles.
 * With STORE_CRASH_CONCURRENT=1 a second run of moves (`c` to `d`) commits side by side, and the cut
 * commit's writes reach the files only after one of the other run's commits has finished.
 */
import { DocumentStore } from '../../../local-cloud/sdk/store'

const dataDir = process.env.STORE_DIR!
const crashAt = Number(process.env.STORE_CRASH_AT)
const crashAfterWrites = Number(process.env.STORE_CRASH_AFTER_WRITES)
const concurrent = process.env.STORE_CRASH_CONCURRENT === '1'

async function main() {
  const store = new DocumentStore({
    dataDir,
    collections: [
      { name: 'accounts', description: '', indexes: [] },
      { name: 'moves', description: '', indexes: [] },
    ],
    now: () => new Date(),
    strictCollections: true,
    transactionTimeoutMs: 10_000,
  })
  await store.open()
  if ((await store.count('accounts', {})) === 0) {
    await store.insert('accounts', [
      { _id: 'a', balance: 1000, at: new Date(0) },
      { _id: 'b', balance: 0, at: new Date(0) },
      { _id: 'c', balance: 1000, at: new Date(0) },
      { _id: 'd', balance: 0, at: new Date(0) },
    ])
  }
  let committing = -1
  let written = 0
  /** Resolved by the other run's next commit once the cut commit has begun (concurrent mode). */
  let otherCommitted: Promise<void> | null = null
  let signalOther: () => void = () => undefined
  const proto = DocumentStore.prototype as any
  const writeDoc = proto.writeDoc
  // writeDoc changes a document at once and answers its write to the datafile (`written`).
  proto.writeDoc = function (this: unknown, ...args: any[]) {
    const ours = ['a', 'b'].includes(args[1]) || String(args[1]).startsWith('move-a')
    if (concurrent && ours && committing === crashAt) {
      // Held back from nedb until the other run has committed (and cleaned up after itself).
      const [c, id, before, after] = args
      const gate = otherCommitted!
      const pending = { doc: after, written: Promise.resolve() }
      c.pending.set(id, pending)
      pending.written = gate.then(() => {
        c.pending.delete(id)
        return writeDoc.call(this, c, id, before, after).written.then(() => {
          if (++written >= crashAfterWrites) process.kill(process.pid, 'SIGKILL')
        })
      })
      return pending
    }
    const pending = writeDoc.apply(this, args)
    if (!concurrent && committing === crashAt)
      pending.written = pending.written.then(() => {
        if (++written >= crashAfterWrites) process.kill(process.pid, 'SIGKILL')
      })
    return pending
  }

  const moves = async (from: string, to: string, cut: boolean) => {
    for (let i = 0; ; i++) {
      const tx = await store.startTransaction()
      const a = (await store.txGet(tx, 'accounts', from))!
      const b = (await store.txGet(tx, 'accounts', to))!
      const at = new Date(Date.UTC(2026, 0, 1) + i)
      await store.txReplace(tx, 'accounts', from, { balance: a.balance - 1, at })
      await store.txInsert(tx, 'moves', { _id: `move-${from}-${a.balance}`, at })
      await store.txReplace(tx, 'accounts', to, { balance: b.balance + 1, at })
      if (cut) {
        committing = i
        if (i === crashAt) otherCommitted = new Promise<void>((resolve) => (signalOther = resolve))
      }
      await store.commit(tx)
      if (cut) committing = -1
      else if (otherCommitted) signalOther()
      // Let the other run go on between commits.
      await new Promise((resolve) => setImmediate(resolve))
    }
  }
  await Promise.all([moves('a', 'b', true), ...(concurrent ? [moves('c', 'd', false)] : [])])
}

void main()
