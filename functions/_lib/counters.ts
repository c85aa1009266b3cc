/**
 * Counters kept at write time, so that statistics read a handful of documents instead of scanning
 * every signup or loan. A counter document is created if missing (a simultaneous creator loses on
 * `_id` and carries on), then only ever changed by `_.inc`, which any number of callers can do at once.
 */
import type { ActionContext } from './define'
import { ensureDocument } from './documents'
import type { Transaction } from './sdk'
import { shanghaiDate } from '../../domain/time'

/** Activity months (`activity-YYYY-MM`: signups, hours) and cabinets (`cabinet-<id>`: loans). */
export const MONTHLY_STATS = 'monthlyStats'

export interface ActivityMonthStats {
  _id: string
  kind: 'activityMonth'
  month: string
  hours: number
}

export interface CabinetStats {
  _id: string
  kind: 'cabinet'
  cabinetId: string
  loans: number
}

/** The Shanghai month 'YYYY-MM' of an instant. */
export const shanghaiMonth = (instant: Date) => shanghaiDate(instant).slice(0, 7)

export const activityMonthId = (month: string) => `activity-${month}`
export const cabinetStatsId = (cabinetId: string) => `cabinet-${cabinetId}`

export function activityMonthSeed(month: string): Omit<ActivityMonthStats, '_id'> {
  return { kind: 'activityMonth', month, hours: 0 }
}

export function cabinetSeed(cabinetId: string): Omit<CabinetStats, '_id'> {
  return { kind: 'cabinet', cabinetId, loans: 0 }
}

/** Creates the counter document unless it exists. */
export async function ensureCounter(ctx: ActionContext, collection: string, id: string, seed: Record<string, unknown>): Promise<void> {
  await ensureDocument(ctx.db, collection, { _id: id, ...seed })
}

/** `{ field: n }` as an update that adds n to each field (dotted paths reach nested counters). */
export function increments(ctx: ActionContext, counts: Record<string, number>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(counts).map(([field, n]) => [field, ctx._.inc(n)]))
}

/** Adds `counts` to the counter document `id`, creating it from `seed` if it does not exist yet. */
export async function bumpCounters(
  ctx: ActionContext,
  collection: string,
  id: string,
  seed: Record<string, unknown>,
  counts: Record<string, number>,
): Promise<void> {
  // One request once the month's document exists (every bump but the first of the month).
  const bump = () =>
    ctx.db
      .collection(collection)
      .doc(id)
      .update({ data: increments(ctx, counts) })
  if ((await bump()).stats.updated === 1) return
  await ensureCounter(ctx, collection, id, seed)
  await bump()
}

/**
 * The same inside a transaction, so that the count moves exactly when the counted write commits.
 * The document must already exist (`ensureCounter` before the transaction: no query may run inside).
 */
export async function bumpCountersInTransaction(
  ctx: ActionContext,
  t: Transaction,
  collection: string,
  id: string,
  counts: Record<string, number>,
): Promise<void> {
  await t
    .collection(collection)
    .doc(id)
    .update({ data: increments(ctx, counts) })
}
