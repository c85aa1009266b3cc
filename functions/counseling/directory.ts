/** Finding a counselor: the list with filters, one counselor's profile, and their free slots. */
import type { ActionContext } from '../_lib/define'
import { AppError } from '../_lib/envelope'
import { withMediaUrl, withMediaUrls } from '../_lib/media'
import { readAll } from '../_lib/paging'
import { freeSlotsOf } from '../_lib/scheduling'
import * as s from '../_lib/schema'
import type { Infer } from '../_lib/schema'
import { DAY_MS } from '../../domain/time'
import { counselingSchedule } from './bookings'
import { sessionMode } from './inputs'
import { COUNSELORS, type CounselorRecord } from './records'
import { loadCounselor } from './store'
import { counselorView, slotView } from './views'

/** The furthest a slot query may reach: the booking horizon and the day it ends in. */
const reach = (ctx: ActionContext) => ctx.config.counseling.horizonMs + DAY_MS

async function nextFreeSlot(ctx: ActionContext, counselor: CounselorRecord) {
  const [next] = await freeSlotsOf(
    ctx,
    counselingSchedule(ctx.config.counseling),
    counselor,
    ctx.now,
    new Date(ctx.now.getTime() + reach(ctx)),
  )
  return next ?? null
}

export const counselorsInput = s.object({ specialty: s.optional(s.string({ max: 20 })), mode: s.optional(sessionMode) })

export async function counselors(ctx: ActionContext, filter: Infer<typeof counselorsInput>) {
  const all = await readAll(ctx.db.collection<CounselorRecord>(COUNSELORS).where({ active: true }).orderBy('_id', 'asc'))
  const chosen = all.filter(
    (c) => (!filter.specialty || c.specialties.includes(filter.specialty)) && (!filter.mode || c.modes.includes(filter.mode)),
  )
  const items = []
  for (const counselor of chosen) items.push(counselorView(counselor, await nextFreeSlot(ctx, counselor)))
  return { items: await withMediaUrls(ctx, items, 'photo') }
}

export const counselorInput = s.object({ counselorId: s.id() })

export async function counselorProfile(ctx: ActionContext, { counselorId }: Infer<typeof counselorInput>) {
  const found = await loadCounselor(ctx, counselorId)
  return { ...(await withMediaUrl(ctx, counselorView(found, await nextFreeSlot(ctx, found)), 'photo')), availability: found.availability }
}

export const slotsInput = s.object({ counselorId: s.id(), from: s.optional(s.instant()), to: s.optional(s.instant()) })

export async function slots(ctx: ActionContext, input: Infer<typeof slotsInput>) {
  const found = await loadCounselor(ctx, input.counselorId)
  const from = input.from ?? ctx.now
  const to = input.to ?? new Date(ctx.now.getTime() + reach(ctx))
  if (to.getTime() <= from.getTime()) throw new AppError('INVALID_ARGUMENT', 'to：结束时间应晚于开始时间')
  if (to.getTime() - from.getTime() > reach(ctx)) throw new AppError('INVALID_ARGUMENT', `to：查询范围不能超过 ${reach(ctx) / DAY_MS} 天`)
  const free = await freeSlotsOf(ctx, counselingSchedule(ctx.config.counseling), found, from, to)
  return { counselorId: found._id, slots: free.map(slotView) }
}
