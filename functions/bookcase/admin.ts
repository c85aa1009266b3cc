/**
 * The union staff's bookcase work: books registered one by one, cabinets added, every cabinet's state,
 * loans by state (超额 ones flagged), what the cabinets reported that needs a person, and the refunds
 * WeChat Pay cannot make. (Bulk import and exports: inventory.ts, reports.ts; the lottery: reading.ts.)
 */
import { randomBytes } from 'crypto'
import type { Position } from '../../domain/geo'
import type { ActionContext } from '../_lib/define'
import { AppError } from '../_lib/envelope'
import { readPage } from '../_lib/paging'
import { withTransaction } from '../_lib/transaction'
import { ensureDocument, findById, readInTransaction, writeInTransaction } from '../_lib/documents'
import { doorsOf } from './cabinet'
import { isOnline } from './doors'
import { doorId, type AlertRecord } from './events'
import { loanView } from './loans'
import { refundView } from './refund'
import { usersById } from './users'
import { epochMs, epochMsOrNull, loanAnswer } from './views'
import {
  BOOKCASE_ALERTS,
  BOOKS,
  CABINETS,
  CABINET_DOORS,
  DEPOSIT_REFUNDS,
  LOANS,
  type BookRecord,
  type CabinetRecord,
  type DepositRefundRecord,
  type DoorRecord,
  type LoanRecord,
} from './records'

export interface BookRegistration {
  tag: string
  isbn: string
  title: string
  author: string
  cover?: string
  cabinetId?: string
  door?: number
}

/** A book copy's RFID tag ↔ ISBN, title, author; optionally placed in a door. */
export async function registerBook(ctx: ActionContext, input: BookRegistration) {
  const placed = input.cabinetId && input.door ? doorId(input.cabinetId, input.door) : null
  return withTransaction(ctx.db, async (t) => {
    const existing = await readInTransaction<BookRecord>(t, BOOKS, input.tag)
    if (existing && existing.status === 'onLoan') throw new AppError('CONFLICT', '该标签的图书正在借出，归还后再修改')
    const door = placed ? await readInTransaction<DoorRecord>(t, CABINET_DOORS, placed) : null
    if (placed && !door) throw new AppError('NOT_FOUND', '柜门不存在')
    const book: BookRecord = {
      _id: input.tag,
      isbn: input.isbn,
      title: input.title,
      author: input.author,
      cover: input.cover ?? '',
      status: door ? 'shelved' : (existing?.status ?? 'missing'),
      cabinetId: door ? door.cabinetId : (existing?.cabinetId ?? null),
      door: door ? door.door : (existing?.door ?? null),
      loanId: null,
      registeredAt: existing?.registeredAt ?? ctx.now,
    }
    await writeInTransaction(t, BOOKS, book)
    if (door) {
      await writeInTransaction(t, CABINET_DOORS, {
        ...door,
        tags: [...new Set([...door.tags, input.tag])],
        unknownTags: door.unknownTags.filter((known) => known !== input.tag),
      })
    }
    ctx.log.info('bookRegistered', { by: ctx.openid, tag: input.tag })
    return { tag: book._id, title: book.title, status: book.status, cabinetId: book.cabinetId, door: book.door }
  })
}

export interface CabinetSetup {
  cabinetId: string
  name: string
  place: string
  doors: number
  capacity: number
  /** GCJ-02, for the cabinet finder; left out, the cabinet keeps the one it has */
  position?: Position
}

/**
 * Adds a cabinet (or renames it, or adds doors). A new cabinet gets its HMAC secret, shown once in this
 * answer to be configured in the cabinet; doors that exist keep their contents.
 */
export async function saveCabinet(ctx: ActionContext, input: CabinetSetup) {
  const existing = await findById<CabinetRecord>(ctx.db, CABINETS, input.cabinetId)
  const secret = existing?.secret ?? randomBytes(32).toString('hex')
  const cabinet: Omit<CabinetRecord, '_id'> = {
    name: input.name,
    place: input.place,
    position: input.position ?? existing?.position ?? null,
    lastSeenAt: existing?.lastSeenAt ?? null,
    doorCount: Math.max(input.doors, existing?.doorCount ?? 0),
    secret,
    createdAt: existing?.createdAt ?? ctx.now,
  }
  await ctx.db.collection(CABINETS).doc(input.cabinetId).set({ data: cabinet })
  for (let door = 1; door <= input.doors; door++) {
    const fresh: Omit<DoorRecord, '_id'> = {
      cabinetId: input.cabinetId,
      door,
      capacity: input.capacity,
      tags: [],
      unknownTags: [],
      open: false,
      sessionId: null,
      heldUntil: new Date(0),
    }
    await ensureDocument(ctx.db, CABINET_DOORS, { _id: doorId(input.cabinetId, door), ...fresh })
  }
  ctx.log.info('cabinetSaved', { by: ctx.openid, cabinetId: input.cabinetId })
  return { cabinetId: input.cabinetId, name: input.name, doors: cabinet.doorCount, ...(existing ? {} : { secret }) }
}

/** Every cabinet with its doors, online state and how full each door is. */
export async function cabinetsOverview(ctx: ActionContext) {
  const { data: cabinets } = await ctx.db.collection<CabinetRecord>(CABINETS).orderBy('_id', 'asc').limit(100).get()
  return Promise.all(
    cabinets.map(async (cabinet) => ({
      cabinetId: cabinet._id,
      name: cabinet.name,
      place: cabinet.place,
      online: isOnline(cabinet, ctx.now),
      lastSeenAt: epochMsOrNull(cabinet.lastSeenAt),
      doors: (await doorsOf(ctx, cabinet._id)).map((door) => ({
        door: door.door,
        capacity: door.capacity,
        books: door.tags.length,
        unknownTags: door.unknownTags,
        open: door.open,
      })),
    })),
  )
}

export interface LoanFilter {
  status?: LoanRecord['status']
  overLimit?: boolean
}

/** Loans by state (超额 ones with `overLimit`), newest first, with the borrower. */
export async function loansPage(ctx: ActionContext, { status, overLimit }: LoanFilter, offset: number, pageSize: number) {
  const where: Record<string, unknown> = {}
  if (status) where.status = status
  if (overLimit !== undefined) where.overLimit = overLimit
  const page = await readPage(ctx.db.collection<LoanRecord>(LOANS).where(where).orderBy('borrowedAt', 'desc'), offset, pageSize)
  return {
    items: page.items.map((loan) => ({ ...loanAnswer(loanView(loan, ctx.now, ctx.config.bookcase)), openid: loan.openid })),
    hasMore: page.hasMore,
  }
}

/** What the cabinets reported that needs a person (unknown tags, missing books, 超额 …), newest first. */
export async function openAlerts(ctx: ActionContext, offset: number, pageSize: number) {
  const page = await readPage(
    ctx.db.collection<AlertRecord>(BOOKCASE_ALERTS).where({ resolved: false }).orderBy('at', 'desc'),
    offset,
    pageSize,
  )
  return { items: page.items.map((alert) => ({ ...alert, at: epochMs(alert.at) })), hasMore: page.hasMore }
}

/** Refunds WeChat Pay cannot make (deposit paid over a year ago), oldest first, with whom to call. */
export async function manualRefunds(ctx: ActionContext, offset: number, pageSize: number) {
  const page = await readPage(
    ctx.db.collection<DepositRefundRecord>(DEPOSIT_REFUNDS).where({ status: 'manual' }).orderBy('createdAt', 'asc'),
    offset,
    pageSize,
  )
  const users = await usersById(
    ctx,
    page.items.map((refund) => refund.openid),
  )
  return {
    items: page.items.map((refund) => ({
      ...refundView(refund),
      openid: refund.openid,
      contact: users.get(refund.openid)?.profile ?? null,
    })),
    hasMore: page.hasMore,
  }
}
