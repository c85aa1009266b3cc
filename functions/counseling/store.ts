/** Reading the counseling collections: counselors, bookings and who may see them. */
import type { ActionContext } from '../_lib/define'
import { AppError } from '../_lib/envelope'
import { USERS } from '../_lib/caller'
import { findById } from '../_lib/documents'
import { MAX_READ } from '../_lib/paging'
import { BOOKINGS, COUNSELORS, type BookingRecord, type CounselorRecord } from './records'

export async function loadCounselor(ctx: ActionContext, counselorId: string): Promise<CounselorRecord> {
  const counselor = await findById<CounselorRecord>(ctx.db, COUNSELORS, counselorId)
  if (!counselor || !counselor.active) throw new AppError('NOT_FOUND', '咨询师不存在或已停止接受预约')
  return counselor
}

/** The counselor's own profile document, for the counselor's screens. */
export async function ownCounselorId(ctx: ActionContext): Promise<string> {
  const { counselorId } = await ctx.caller()
  if (!counselorId) throw new AppError('FORBIDDEN', '仅限咨询师操作')
  return counselorId
}

/** OPENIDs of the accounts that manage a counselor profile (none for counselors without an account). */
export async function counselorAccounts(ctx: ActionContext, counselorId: string): Promise<string[]> {
  const { data } = await ctx.db.collection(USERS).where({ roles: { counselorId } }).field({ _id: true }).limit(10).get()
  return data.map((user) => user._id as string)
}

export type Viewer = 'worker' | 'counselor'

/**
 * A booking as its worker or its counselor may read it. Anyone else, admins included, is told it
 * does not exist: a booking's existence already says something about a person.
 */
export async function bookingForViewer(ctx: ActionContext, bookingId: string): Promise<{ booking: BookingRecord; viewer: Viewer }> {
  const booking = await findById<BookingRecord>(ctx.db, BOOKINGS, bookingId)
  if (booking && booking.workerOpenid === ctx.openid) return { booking, viewer: 'worker' }
  if (booking) {
    const { counselorId } = await ctx.caller()
    if (counselorId && counselorId === booking.counselorId) return { booking, viewer: 'counselor' }
  }
  throw new AppError('NOT_FOUND', '预约不存在')
}

export async function bookingOfWorker(ctx: ActionContext, bookingId: string): Promise<BookingRecord> {
  const { booking, viewer } = await bookingForViewer(ctx, bookingId)
  if (viewer !== 'worker') throw new AppError('FORBIDDEN', '只有预约人可以进行此操作')
  return booking
}

export async function bookingOfCounselor(ctx: ActionContext, bookingId: string): Promise<BookingRecord> {
  const { booking, viewer } = await bookingForViewer(ctx, bookingId)
  if (viewer !== 'counselor') throw new AppError('FORBIDDEN', '只有该预约的咨询师可以进行此操作')
  return booking
}

export async function counselorsById(ctx: ActionContext, ids: string[]): Promise<Map<string, CounselorRecord>> {
  const unique = [...new Set(ids)]
  if (unique.length === 0) return new Map()
  const { data } = await ctx.db
    .collection<CounselorRecord>(COUNSELORS)
    .where({ _id: ctx._.in(unique) })
    .limit(MAX_READ)
    .get()
  return new Map(data.map((counselor) => [counselor._id, counselor]))
}
