import type { Query } from './sdk'

/**
 * One page of a sorted query: reads one document more than asked, so `hasMore` costs no count.
 * (Production reads at most 100 a call; list schemas cap pageSize at 50.)
 */
export async function readPage<T>(query: Query<T>, offset: number, pageSize: number): Promise<{ items: T[]; hasMore: boolean }> {
  const { data } = await query
    .skip(offset)
    .limit(pageSize + 1)
    .get()
  return { items: data.slice(0, pageSize), hasMore: data.length > pageSize }
}

/** Production's cap on one read (CloudBase answers at most 100 documents a request). */
export const MAX_READ = 100

/**
 * Every document of a query, read 100 at a time. The query must be ordered on a unique field (or end
 * with `_id`) so pages never overlap; `max` bounds what one call may hold in memory.
 */
export async function readAll<T>(query: Query<T>, max = 10000): Promise<T[]> {
  const all: T[] = []
  for (;;) {
    const { data } = await query.skip(all.length).limit(MAX_READ).get()
    all.push(...data)
    if (data.length < MAX_READ || all.length >= max) return all
  }
}

/**
 * Visits a query's documents a batch at a time, each batch handed over before the next is read, so a
 * visit may update what it was given (even out of the query). `page(last)` is the query for the batch
 * after `last` (undefined: the first), ordered on a unique key it continues from — never a skip, which
 * documents leaving the query would shift. A visit answering true stops the walk.
 */
export async function forEachBatch<T>(
  page: (last: T | undefined) => Query<T>,
  visit: (batch: T[]) => Promise<boolean | void>,
  size = MAX_READ,
): Promise<void> {
  let last: T | undefined
  for (;;) {
    const { data } = await page(last).limit(size).get()
    if (data.length > 0 && (await visit(data))) return
    if (data.length < size) return
    last = data[data.length - 1]
  }
}
