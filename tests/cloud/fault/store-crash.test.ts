import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DocumentStore } from '../../../local-cloud/sdk/store'

const child = path.join(__dirname, 'store-crash-child.ts')

function runUntilKilled(env: Record<string, string>): Promise<NodeJS.Signals | null> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    proc.on('error', reject)
    proc.on('exit', (_code, signal) => resolve(signal))
  })
}

async function reopen(dir: string) {
  const store = new DocumentStore({
    dataDir: dir,
    collections: [
      { name: 'accounts', description: '', indexes: [] },
      { name: 'moves', description: '', indexes: [] },
    ],
    now: () => new Date(),
    strictCollections: true,
    transactionTimeoutMs: 10_000,
  })
  await store.open()
  const [a, b] = [(await store.find('accounts', { _id: 'a' }))[0], (await store.find('accounts', { _id: 'b' }))[0]]
  const moves = await store.count('moves', {})
  await store.close()
  return { a, b, moves }
}

describe('a transaction is whole or absent after the process dies inside its commit', () => {
  let dir: string
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-crash-'))
  })
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  // Killed after 1 and after 2 of a commit's 3 documents reached the files, on a fresh and a reopened store.
  test.each([
    [3, 1],
    [5, 2],
    [2, 1],
    [4, 2],
  ])(
    'SIGKILL in commit %i after %i of its 3 writes',
    async (crashAt, afterWrites) => {
      const before = fs.existsSync(path.join(dir, 'db', 'accounts.db')) ? await reopen(dir) : null
      const signal = await runUntilKilled({
        STORE_DIR: dir,
        STORE_CRASH_AT: String(crashAt),
        STORE_CRASH_AFTER_WRITES: String(afterWrites),
      })
      expect(signal).toBe('SIGKILL')
      const { a, b, moves } = await reopen(dir)
      // The commit that was cut is replayed whole from the journal: every move is in all three documents.
      expect(a.balance + b.balance).toBe(1000)
      expect(b.balance).toBe(moves)
      expect(a.at.getTime()).toBe(b.at.getTime())
      expect(b.balance).toBe((before?.b.balance ?? 0) + crashAt + 1)
      expect(fs.readdirSync(path.join(dir, 'db')).filter((name) => name.endsWith('.journal'))).toEqual([])
    },
    30_000,
  )
})

test('two commits side by side, one cut after the other finished: the cut one is whole from its own journal', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-crash-side-'))
  try {
    const signal = await runUntilKilled({ STORE_DIR: dir, STORE_CRASH_AT: '3', STORE_CRASH_AFTER_WRITES: '1', STORE_CRASH_CONCURRENT: '1' })
    expect(signal).toBe('SIGKILL')
    const store = new DocumentStore({
      dataDir: dir,
      collections: [
        { name: 'accounts', description: '', indexes: [] },
        { name: 'moves', description: '', indexes: [] },
      ],
      now: () => new Date(),
      strictCollections: true,
      transactionTimeoutMs: 10_000,
    })
    await store.open()
    const balance = async (id: string) => (await store.find('accounts', { _id: id }))[0].balance
    const moved = async (from: string) => (await store.find('moves', { _id: { $regex: `^move-${from}-` } })).length
    const [a, b, c, d] = [await balance('a'), await balance('b'), await balance('c'), await balance('d')]
    const [movesA, movesC] = [await moved('a'), await moved('c')]
    await store.close()
    // The cut commit (the 4th of a → b) is replayed whole; the other run's commits are all there.
    expect({ a, b, movesA }).toEqual({ a: 996, b: 4, movesA: 4 })
    expect({ total: c + d, movesC }).toEqual({ total: 1000, movesC: d })
    expect(d).toBeGreaterThan(0)
    expect(fs.readdirSync(path.join(dir, 'db')).filter((name) => name.endsWith('.journal'))).toEqual([])
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}, 30_000)

test('a datafile line cut by a crash mid-append is dropped at open, the rest kept', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-cut-'))
  try {
    fs.mkdirSync(path.join(dir, 'db'))
    const line = (id: string, balance: number) => JSON.stringify({ _id: id, balance })
    fs.writeFileSync(path.join(dir, 'db', 'accounts.db'), `${line('a', 1)}\n${line('b', 2)}\n{"_id":"c","bal`)
    const { a, b } = await reopen(dir)
    expect([a.balance, b.balance]).toEqual([1, 2])
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})
