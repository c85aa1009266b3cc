/**
 * Child process of store-crash.test.ts: commits transactions that move 1 from account `a` to `b`
 * (and log the move) until it kills itself with SIGKILL in the middle of the commit numbered
 * STORE_CRASH_AT, after STORE_CRASH_AFTER_WRITES of that commit's documents reached the datafiles.
 */
import { DocumentStore } from '../../../local-cloud/sdk/store'

const dataDir = process.env.STORE_DIR!
const crashAt = Number(process.env.STORE_CRASH_AT)
const crashAfterWrites = Number(process.env.STORE_CRASH_AFTER_WRITES)

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
    ])
  }
  let committing = -1
  let written = 0
  const proto = DocumentStore.prototype as any
  const writeDoc = proto.writeDoc
  // writeDoc changes a document at once and answers its write to the datafile (`written`).
  proto.writeDoc = function (this: unknown, ...args: unknown[]) {
    const pending = writeDoc.apply(this, args)
    if (committing === crashAt)
      pending.written = pending.written.then(() => {
        if (++written >= crashAfterWrites) process.kill(process.pid, 'SIGKILL')
      })
    return pending
  }
  for (let i = 0; ; i++) {
    const tx = await store.startTransaction()
    const a = (await store.txGet(tx, 'accounts', 'a'))!
    const b = (await store.txGet(tx, 'accounts', 'b'))!
    const at = new Date(Date.UTC(2026, 0, 1) + i)
    await store.txReplace(tx, 'accounts', 'a', { balance: a.balance - 1, at })
    await store.txInsert(tx, 'moves', { _id: `move-${a.balance}`, at })
    await store.txReplace(tx, 'accounts', 'b', { balance: b.balance + 1, at })
    committing = i
    await store.commit(tx)
    committing = -1
  }
}

void main()
