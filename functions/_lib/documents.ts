import type { Database, Doc, Transaction } from './sdk'
import { databaseFailure } from './transaction'

const errorText = (error: unknown) => String((error as Error)?.message ?? error)

function isMissing(error: unknown): boolean {
  return /does not exist/.test(errorText(error))
}

/**
 * A unique index (or `_id`) refused the write: someone else wrote that document first. The database
 * service answers DATABASE_REQUEST_FAILED with MongoDB's "E11000 duplicate key error …", which
 * wx-server-sdk delivers as errCode -502001 ("collection.add:fail -502001 database request fail.
 * [FailedOperation] E11000 duplicate key error collection: …").
 */
export function isDuplicateKey(error: unknown): boolean {
  const failure = databaseFailure(error)
  return failure !== undefined && /E11000 duplicate key/.test(failure.message)
}

/** A document by id, or null (the SDK's `doc(id).get()` rejects for a missing document). */
export async function findById<T extends Doc>(db: Database, collection: string, id: string): Promise<T | null> {
  const { data } = await db.collection<T>(collection).where({ _id: id }).get()
  return data[0] ?? null
}

/** The same inside a transaction, where only `doc(id).get()` is allowed. */
export async function readInTransaction<T extends Doc>(t: Transaction, collection: string, id: string): Promise<T | null> {
  try {
    const { data } = await t.collection<T>(collection).doc(id).get()
    return data ?? null
  } catch (error) {
    if (isMissing(error)) return null
    throw error
  }
}

/** Writes a whole document inside a transaction (`set` takes the fields without `_id`). */
export async function writeInTransaction<T extends Doc>(t: Transaction, collection: string, document: T): Promise<void> {
  const { _id, ...fields } = document
  await t
    .collection(collection)
    .doc(_id as string)
    .set({ data: fields })
}

/** Creates the document unless it exists (a simultaneous creator loses on `_id`, which is fine). */
export async function ensureDocument(db: Database, collection: string, data: { _id: string } & Record<string, unknown>): Promise<void> {
  try {
    await db.collection(collection).add({ data })
  } catch (error) {
    if (!isDuplicateKey(error)) throw error
  }
}
