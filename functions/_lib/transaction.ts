import { AppError } from './envelope'
import type { Database, Transaction } from './sdk'

const MAX_ATTEMPTS = 5

/** The two shapes a database failure reaches a function in (wx-server-sdk 3.0.4, @cloudbase/database). */
interface SdkError {
  /** wx-server-sdk's: TCB_ERR_CODE[code] — -502001 database request fail, -501001 for codes it does not list */
  errCode?: unknown
  /** `<api>:fail <errCode> <text>. <the database service's message>` */
  errMsg?: unknown
  /** @cloudbase/database's TcbError (e.g. runTransaction's own commit): the service's code, e.g. DATABASE_TRANSACTION_CONFLICT */
  code?: unknown
  message?: unknown
}

/** The service's message of a database failure in either shape; undefined for errors that are not the SDK's. */
export function databaseFailure(error: unknown): { code?: string; message: string } | undefined {
  const e = (error ?? {}) as SdkError
  if (typeof e.errCode === 'number' && typeof e.errMsg === 'string') return { message: e.errMsg }
  if (typeof e.code === 'string' && typeof e.message === 'string') return { code: e.code, message: e.message }
  return undefined
}

/**
 * Another transaction held a document this one wrote (reported at the write or at commit). CloudBase
 * answers code DATABASE_TRANSACTION_CONFLICT (https://docs.cloudbase.net/error-code/DATABASE_TRANSACTION_CONFLICT);
 * wx-server-sdk keeps the code only in @cloudbase/database's TcbError, and otherwise delivers it
 * as errCode -501001 with the service's message, which names the conflict.
 */
export function isTransactionConflict(error: unknown): boolean {
  if (error instanceof ContentionError) return true
  const failure = databaseFailure(error)
  if (!failure) return false
  return failure.code === 'DATABASE_TRANSACTION_CONFLICT' || /TRANSACTION_CONFLICT|TransactionConflict/.test(failure.message)
}

/** Conflicts outlasted every retry: answered as CONFLICT (a caller may turn it into SLOT_TAKEN …). */
export class ContentionError extends AppError {
  constructor() {
    super('CONFLICT', '操作的人较多，请稍后重试')
  }
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
      if (!isTransactionConflict(error)) throw error
      // Still contended after every retry: a clear answer, never INTERNAL.
      if (attempt >= MAX_ATTEMPTS) throw new ContentionError()
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 20))
    }
  }
}
