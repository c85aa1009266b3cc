/**
 * 附近书柜: every cabinet, nearest first from where the worker stands (or by name when they keep their
 * location to themselves), with its online state and how many books are on its shelves now.
 */
import { action, type ActionContext } from '../_lib/define'
import { readAll } from '../_lib/paging'
import * as s from '../_lib/schema'
import { distanceMetres, type Position } from '../../domain/geo'
import { isOnline } from './doors'
import { BOOKS, CABINETS, type CabinetRecord } from './records'

/** A point on the map, GCJ-02 as WeChat's `getLocation({ type: 'gcj02' })` gives it. */
export const position = s.object({
  latitude: s.number({ min: -90, max: 90 }),
  longitude: s.number({ min: -180, max: 180 }),
})

/**
 * The city's cabinets are read whole and sorted in memory (a few hundred at most: two or three reads
 * of 100). Past this, sorting belongs in the database (a geo index and `geoNear`).
 */
export const MAX_CABINETS = 300

const byName = (a: CabinetRecord, b: CabinetRecord) => a.name.localeCompare(b.name, 'zh-Hans-CN') || a._id.localeCompare(b._id)

/** Cabinets with coordinates by distance, then those without by name; all by name without `from`. */
function ordered(cabinets: CabinetRecord[], from: Position | undefined) {
  const measured = cabinets.map((cabinet) => ({
    cabinet,
    distance: from && cabinet.position ? distanceMetres(from, cabinet.position) : null,
  }))
  return measured.sort((a, b) => {
    if (a.distance !== b.distance) {
      if (a.distance === null) return 1
      if (b.distance === null) return -1
      return a.distance - b.distance
    }
    return byName(a.cabinet, b.cabinet)
  })
}

/** Books on the shelves of each cabinet: one grouped read, however many books or cabinets. */
async function availableBooks(ctx: ActionContext, cabinetIds: string[]): Promise<Map<string, number>> {
  if (cabinetIds.length === 0) return new Map()
  const { list } = await ctx.db
    .collection(BOOKS)
    .aggregate()
    .match({ cabinetId: ctx._.in(cabinetIds), status: 'shelved' })
    .group({ _id: '$cabinetId', books: ctx.db.command.aggregate.sum(1) })
    .limit(cabinetIds.length)
    .end()
  return new Map(list.map((row) => [row._id as string, row.books as number]))
}

export const cabinetsAction = action({
  access: 'user',
  input: s.object({ position: s.optional(position), ...s.page }),
  async handler(ctx, { position: from, offset = 0, pageSize = 20 }) {
    const cabinets = await readAll(ctx.db.collection<CabinetRecord>(CABINETS).orderBy('_id', 'asc'), MAX_CABINETS)
    if (cabinets.length >= MAX_CABINETS) ctx.log.error('cabinetFinderFull', { cabinets: cabinets.length })
    const page = ordered(cabinets, from).slice(offset, offset + pageSize)
    const available = await availableBooks(
      ctx,
      page.map(({ cabinet }) => cabinet._id),
    )
    return {
      /** How the list is ordered: by distance only when the worker's position came with the call. */
      sortedBy: from ? ('distance' as const) : ('name' as const),
      items: page.map(({ cabinet, distance }) => ({
        cabinetId: cabinet._id,
        name: cabinet.name,
        place: cabinet.place,
        position: cabinet.position ?? null,
        /** Metres from the worker, rounded; null without their position or the cabinet's. */
        distance,
        online: isOnline(cabinet, ctx.now),
        available: available.get(cabinet._id) ?? 0,
      })),
      hasMore: offset + pageSize < cabinets.length,
    }
  },
})
