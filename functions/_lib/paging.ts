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
