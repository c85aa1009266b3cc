import type { Database, Transaction } from './sdk'

const MAX_ATTEMPTS = 5

/** Another transaction held a document this one wrote (reported at the write or at commit). */
export function isTransactionConflict(error: unknown): boolean {
  const text = String((error as { message?: string; errMsg?: string })?.message ?? (error as { errMsg?: string })?.errMsg ?? error)
  return /TRANSACTION_CONFLICT|conflict/i.test(text)
}

/**
 * Runs `work` in a database transaction, retrying when another transaction holds a document it
 * writes. The SDK's own retry covers conflicts reported at commit only; CloudBase also reports them
 * on the write itself. Only single-document operations (`doc(id)`, `add`) are allowed inside.
 */
export async function withTransaction<R>(db: Database, work: (transaction: Transaction) => Promise<R>): Promise<R> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.runTransaction(work)
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !isTransactionConflict(error)) throw error
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 20))
    }
  }
}
