/** What a worker sees at a cabinet: its doors and the books behind each, and books found by title anywhere. */
import type { ActionContext } from '../_lib/define'
import { AppError } from '../_lib/envelope'
import { readAll } from '../_lib/paging'
import { searchWords } from '../../domain/search'
import { templatesFor } from '../../domain/subscriptions'
import { accountView } from './deposit'
import { borrowDecision, isFree, isOnline, loadCabinet } from './doors'
import {
  BOOKS,
  CABINETS,
  CABINET_DOORS,
  DOOR_SESSIONS,
  type BookRecord,
  type CabinetRecord,
  type DoorRecord,
  type SessionRecord,
} from './records'

/** A search answers at most this many copies (one page: the person narrows the words for more). */
const BOOK_SEARCH_LIMIT = 50

/** A cabinet's doors in order (a cabinet has at most 60). */
export async function doorsOf(ctx: ActionContext, cabinetId: string): Promise<DoorRecord[]> {
  const { data } = await ctx.db.collection<DoorRecord>(CABINET_DOORS).where({ cabinetId }).orderBy('door', 'asc').limit(100).get()
  return data
}

/** The cabinet page: doors, the books behind each, and what the caller can do here. */
export async function cabinetPage(ctx: ActionContext, cabinetId: string) {
  const cabinet = await loadCabinet(ctx, cabinetId)
  const [doors, books, { account, decision }] = await Promise.all([
    doorsOf(ctx, cabinet._id),
    readAll(ctx.db.collection<BookRecord>(BOOKS).where({ cabinetId: cabinet._id, status: 'shelved' }).orderBy('_id', 'asc')),
    borrowDecision(ctx, ctx.openid),
  ])
  const { data: active } = await ctx.db
    .collection<SessionRecord>(DOOR_SESSIONS)
    .where({ openid: ctx.openid, cabinetId: cabinet._id, status: ctx._.in(['opening', 'open']), expiresAt: ctx._.gt(ctx.now) })
    .limit(1)
    .get()
  return {
    cabinetId: cabinet._id,
    name: cabinet.name,
    place: cabinet.place,
    online: isOnline(cabinet, ctx.now),
    doors: doors.map((door) => ({
      door: door.door,
      capacity: door.capacity,
      free: isFree(door, ctx.now),
      books: books
        .filter((book) => book.door === door.door)
        .map(({ _id, title, author, isbn, cover }) => ({ tag: _id, title, author, isbn, cover })),
    })),
    account: accountView(account, ctx.config.bookcase),
    canBorrow: decision.ok ? { ok: true as const } : { ok: false as const, code: decision.code, message: decision.message },
    canReturn: account.activeLoans > 0,
    activeSessionId: active.length > 0 ? active[0]._id : null,
    /** Asked for at the moment of borrowing: WeChat subscriptions are one message per acceptance. */
    subscribeTemplates: templatesFor('borrow', ctx.env.templates),
  }
}

/** Books on the shelves now whose title has every word, with the cabinet and door that hold each copy. */
export async function searchBooks(ctx: ActionContext, q: string) {
  const _ = ctx._
  const words = searchWords(q)
  if (!words.length) throw new AppError('INVALID_ARGUMENT', '请输入书名中的字词')
  // Two requests however many books or cabinets: the copies, then the cabinets that hold them.
  const { data: books } = await ctx.db
    .collection<BookRecord>(BOOKS)
    .where(_.and([{ status: 'shelved' }, ...words.map((word) => ({ title: ctx.db.RegExp({ regexp: word, options: 'i' }) }))]))
    .limit(BOOK_SEARCH_LIMIT)
    .get()
  const cabinetIds = [...new Set(books.map((book) => book.cabinetId).filter((id): id is string => Boolean(id)))]
  const { data: cabinets } = cabinetIds.length
    ? await ctx.db
        .collection<CabinetRecord>(CABINETS)
        .where({ _id: _.in(cabinetIds) })
        .get()
    : { data: [] as CabinetRecord[] }
  const byId = new Map(cabinets.map((cabinet) => [cabinet._id, cabinet]))
  return {
    items: books
      .filter((book) => book.cabinetId && byId.has(book.cabinetId))
      .map((book) => {
        const cabinet = byId.get(book.cabinetId!)!
        return {
          tag: book._id,
          title: book.title,
          author: book.author,
          cabinetId: cabinet._id,
          cabinetName: cabinet.name,
          place: cabinet.place,
          door: book.door,
          online: isOnline(cabinet, ctx.now),
        }
      }),
    more: books.length === BOOK_SEARCH_LIMIT,
  }
}
