import { createHash, randomBytes } from 'crypto'
import { action, defineFunction, type ActionContext, type DeployOptions } from '../_lib/define'
import { readPage } from '../_lib/paging'
import { AppError } from '../_lib/envelope'
import { USERS, type UserRecord } from '../_lib/caller'
import * as s from '../_lib/schema'
import { withTransaction } from '../_lib/transaction'
import { LOTTERY_ALGORITHM, drawLottery, lotteryParticipants, readingLeaderboard } from '../../domain/bookcase'
import { maskName } from '../../domain/profile'
import { shanghaiYear } from '../../domain/time'
import { searchWords } from '../../domain/search'
import { accountView, completeManualRefund, latestRefund, readAccount, refundDeposit, refundView, startDepositPayment } from './deposit'
import { ensureDocument, findById, readInTransaction, writeInTransaction } from '../_lib/documents'
import { borrowDecision, isFree, isOnline, loadCabinet, loadSession, openDoor, openReturnDoor } from './doors'
import { doorId, type AlertRecord } from './events'
import { loanView, myLoans, waiveFee } from './loans'
import { templatesFor } from '../../domain/subscriptions'
import { cabinetCode } from './codes'
import { loansReport } from './reports'
import { cabinetsAction, position } from './finder'
import { monthInput } from '../_lib/exports'
import { commitBookImport, exportInventory, previewBookImport, strayTags } from './inventory'
import {
  BOOKCASE_ALERTS,
  BOOKS,
  CABINETS,
  CABINET_DOORS,
  DEPOSIT_LEDGER,
  DEPOSIT_REFUNDS,
  DOOR_SESSIONS,
  LOANS,
  LOTTERY_DRAWS,
  READING_STATS,
  type BookRecord,
  type CabinetRecord,
  type DepositRefundRecord,
  type DoorRecord,
  type LedgerEntry,
  type LoanRecord,
  type ReadingStat,
  type SessionRecord,
} from './records'

const cabinetId = s.string({ min: 1, max: 40, pattern: /^[A-Za-z0-9_-]+$/, patternMessage: '应为有效的书柜编号' })
/** A new cabinet's id is also its mini-program code's `scene`: at most 32 characters (WeChat's limit). */
const newCabinetId = s.string({ min: 1, max: 32, pattern: /^[A-Za-z0-9_-]+$/, patternMessage: '应为 32 个字符以内的字母、数字、- 或 _' })
const doorNumber = s.integer({ min: 1, max: 200 })
const tag = s.string({ min: 1, max: 40, pattern: /^[A-Za-z0-9_-]+$/, patternMessage: '应为有效的 RFID 标签号' })
const year = s.integer({ min: 2020, max: 2100 })
/** A search answers at most this many copies (one page: the person narrows the words for more). */
const BOOK_SEARCH_LIMIT = 50

async function shelvedBooks(ctx: ActionContext, id: string): Promise<BookRecord[]> {
  const books: BookRecord[] = []
  for (let offset = 0; ; offset += 100) {
    const { data } = await ctx.db
      .collection<BookRecord>(BOOKS)
      .where({ cabinetId: id, status: 'shelved' })
      .orderBy('_id', 'asc')
      .skip(offset)
      .limit(100)
      .get()
    books.push(...data)
    if (data.length < 100) return books
  }
}

async function doorsOf(ctx: ActionContext, id: string): Promise<DoorRecord[]> {
  const { data } = await ctx.db.collection<DoorRecord>(CABINET_DOORS).where({ cabinetId: id }).orderBy('door', 'asc').limit(100).get()
  return data
}

async function usersById(ctx: ActionContext, openids: string[]): Promise<Map<string, UserRecord>> {
  const users = new Map<string, UserRecord>()
  for (let i = 0; i < openids.length; i += 100) {
    const { data } = await ctx.db
      .collection<UserRecord>(USERS)
      .where({ _id: ctx._.in(openids.slice(i, i + 100)) })
      .limit(100)
      .get()
    for (const user of data) users.set(user._id, user)
  }
  return users
}

async function readersOfYear(ctx: ActionContext, forYear: number): Promise<ReadingStat[]> {
  const stats: ReadingStat[] = []
  let lastId = ''
  for (;;) {
    const { data } = await ctx.db
      .collection<ReadingStat>(READING_STATS)
      .where({ year: forYear, _id: ctx._.gt(lastId) })
      .orderBy('_id', 'asc')
      .limit(100)
      .get()
    stats.push(...data)
    if (data.length < 100) return stats
    lastId = data[data.length - 1]._id
  }
}

/** What CloudBase must know to run it: written into config.json and cloudbaserc.json by the build. */
const deployment: DeployOptions = {
  // openDoor waits for the vendor gateway (CABINET_GATEWAY_TIMEOUT_MS, 3 s) before its own writes; payDeposit calls cloudPay
  timeoutSeconds: 10,
  // cabinetCode draws the cabinet's mini-program code
  openapi: ['wxacode.getUnlimited'],
  envVariables: ['PAY_MCH_ID', 'CABINET_GATEWAY_URL', 'CABINET_GATEWAY_SECRET', 'CABINET_GATEWAY_TIMEOUT_MS'],
}

export const bookcaseFunction = defineFunction('bookcase', deployment, {
  /** The cabinet page: doors, the books behind each, and what the caller can do here. */
  cabinet: action({
    access: 'user',
    input: s.object({ cabinetId }),
    async handler(ctx, input) {
      const cabinet = await loadCabinet(ctx, input.cabinetId)
      const [doors, books, { account, decision }] = await Promise.all([
        doorsOf(ctx, cabinet._id),
        shelvedBooks(ctx, cabinet._id),
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
        account: accountView(account),
        canBorrow: decision.ok ? { ok: true as const } : { ok: false as const, code: decision.code, message: decision.message },
        canReturn: account.activeLoans > 0,
        activeSessionId: active[0]?._id ?? null,
        /** Asked for at the moment of borrowing: WeChat subscriptions are one message per acceptance. */
        subscribeTemplates: templatesFor('borrow', ctx.env.templates),
      }
    },
  }),

  /** Deposit balance, what to pay, the latest refund and the history of every change. */
  /** Books on the shelves now whose title has every word, with the cabinet and door that hold each copy. */
  searchBooks: action({
    access: 'user',
    input: s.object({ q: s.string({ min: 1, max: 50 }) }),
    async handler(ctx, { q }) {
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
    },
  }),

  cabinets: cabinetsAction,

  account: action({
    access: 'user',
    input: s.object({ ...s.page }),
    async handler(ctx, { offset = 0, pageSize = 20 }) {
      const account = await readAccount(ctx, ctx.openid)
      const entries = await readPage(
        ctx.db.collection<LedgerEntry>(DEPOSIT_LEDGER).where({ openid: ctx.openid }).orderBy('at', 'desc'),
        offset,
        pageSize,
      )
      const refund = await latestRefund(ctx, ctx.openid)
      return {
        ...accountView(account),
        refund: refund ? refundView(refund) : null,
        history: entries.items.map(({ kind, amount, balanceAfter, note, at }) => ({ kind, amount, balanceAfter, note, at })),
        hasMore: entries.hasMore,
      }
    },
  }),

  payDeposit: action({
    access: 'user',
    input: s.object({}),
    handler: (ctx) => startDepositPayment(ctx),
  }),

  refundDeposit: action({
    access: 'user',
    input: s.object({}),
    handler: (ctx) => refundDeposit(ctx),
  }),

  openDoor: action({
    access: 'user',
    input: s.object({ cabinetId, door: doorNumber }),
    handler: (ctx, input) => openDoor(ctx, input.cabinetId, input.door, 'borrow'),
  }),

  openReturnDoor: action({
    access: 'user',
    input: s.object({ cabinetId }),
    handler: (ctx, input) => openReturnDoor(ctx, input.cabinetId),
  }),

  session: action({
    access: 'user',
    input: s.object({ sessionId: s.id() }),
    handler: (ctx, input) => loadSession(ctx, input.sessionId),
  }),

  myLoans: action({
    access: 'user',
    input: s.object({ ...s.page }),
    handler: (ctx, { offset = 0, pageSize = 20 }) => myLoans(ctx, offset, pageSize),
  }),

  /** 阅读之星: the year's readers by books borrowed, names masked, those who opted out left out. */
  leaderboard: action({
    access: 'user',
    input: s.object({ year: s.optional(year) }),
    async handler(ctx, input) {
      const forYear = input.year ?? shanghaiYear(ctx.now)
      const { data: top } = await ctx.db
        .collection<ReadingStat>(READING_STATS)
        .where({ year: forYear })
        .orderBy('loans', 'desc')
        .limit(100)
        .get()
      const users = await usersById(
        ctx,
        top.map((stat) => stat.openid),
      )
      const totals = top.map((stat) => {
        const user = users.get(stat.openid)
        return {
          openid: stat.openid,
          realName: user?.profile?.realName ?? '',
          loans: stat.loans,
          hidden: Boolean(user?.settings?.hideFromReadingBoard),
        }
      })
      const mine = top.find((stat) => stat.openid === ctx.openid)
      return { year: forYear, rows: readingLeaderboard(totals, 50, ctx.openid), myLoans: mine?.loans ?? 0 }
    },
  }),

  /** Admin: a book copy's RFID tag ↔ ISBN, title, author; optionally placed in a door. */
  registerBook: action({
    access: 'admin',
    input: s.object({
      tag,
      isbn: s.string({ min: 10, max: 17, pattern: /^[0-9X-]+$/, patternMessage: '应为 10 或 13 位 ISBN' }),
      title: s.string({ min: 1, max: 60 }),
      author: s.string({ min: 1, max: 40 }),
      cover: s.optional(s.string({ max: 300 })),
      cabinetId: s.optional(cabinetId),
      door: s.optional(doorNumber),
    }),
    async handler(ctx, input) {
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
    },
  }),

  waiveFee: action({
    access: 'admin',
    input: s.object({ loanId: s.string({ min: 1, max: 80 }), reason: s.string({ min: 1, max: 100 }) }),
    handler: (ctx, input) => waiveFee(ctx, input.loanId, input.reason),
  }),

  /**
   * Admin: the yearly lottery among the year's borrowers. Reproducible: the seed is published in
   * advance and the participant list (sorted ids) is stored with its digest; drawing again answers
   * the recorded draw.
   */
  drawLottery: action({
    access: 'admin',
    input: s.object({ year, seed: s.string({ min: 4, max: 100 }), winners: s.integer({ min: 1, max: 100 }) }),
    async handler(ctx, input) {
      const participants = lotteryParticipants((await readersOfYear(ctx, input.year)).map((stat) => stat.openid))
      const winners = drawLottery(input.seed, participants, input.winners)
      const users = await usersById(ctx, winners)
      const draw = {
        _id: String(input.year),
        year: input.year,
        seed: input.seed,
        algorithm: LOTTERY_ALGORITHM,
        participantCount: participants.length,
        participantsDigest: createHash('sha256').update(participants.join('\n')).digest('hex'),
        participants,
        winners: winners.map((openid) => ({ openid, name: maskName(users.get(openid)?.profile?.realName ?? '') })),
        drawnAt: ctx.now,
        drawnBy: ctx.openid,
      }
      const recorded = await withTransaction(ctx.db, async (t) => {
        const earlier = await readInTransaction<typeof draw>(t, LOTTERY_DRAWS, draw._id)
        if (earlier) return earlier
        await writeInTransaction(t, LOTTERY_DRAWS, draw)
        return draw
      })
      const { participants: _list, ...published } = recorded
      return published
    },
  }),

  /**
   * Admin: adds a cabinet (or renames it, or adds doors). A new cabinet gets its HMAC secret, shown
   * once in this answer to be configured in the cabinet; doors that exist keep their contents.
   */
  saveCabinet: action({
    access: 'admin',
    input: s.object({
      cabinetId: newCabinetId,
      name: s.string({ min: 1, max: 30 }),
      place: s.string({ min: 1, max: 60 }),
      doors: s.integer({ min: 1, max: 60 }),
      capacity: s.integer({ min: 1, max: 50 }),
      position: s.optional(position),
    }),
    async handler(ctx, input) {
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
    },
  }),

  /** Admin: every loan borrowed in a Shanghai month, XLSX (default) or CSV. */
  loansReport: action({
    access: 'admin',
    input: s.object({ month: monthInput, format: s.optional(s.oneOf(['xlsx', 'csv'] as const)) }),
    handler: (ctx, input) => loansReport(ctx, input.month, input.format ?? 'xlsx'),
  }),

  /** Admin: the cabinet's mini-program code and door labels, stored for printing. */
  cabinetCode: action({
    access: 'admin',
    input: s.object({ cabinetId }),
    handler: (ctx, input) => cabinetCode(ctx, input.cabinetId),
  }),

  /** Admin: checks an uploaded spreadsheet of books (XLSX or CSV): counts, row-level errors, batches to commit. */
  previewImport: action({
    access: 'admin',
    input: s.object({ fileID: s.string({ min: 1, max: 300 }) }),
    handler: (ctx, input) => previewBookImport(ctx, input.fileID),
  }),

  /** Admin: registers one batch of a previewed import (idempotent). */
  commitImport: action({
    access: 'admin',
    input: s.object({ importId: s.id(), batch: s.integer({ min: 0, max: 1000 }) }),
    handler: (ctx, input) => commitBookImport(ctx, input.importId, input.batch),
  }),

  exportInventory: action({
    access: 'admin',
    input: s.object({ format: s.optional(s.oneOf(['xlsx', 'csv'] as const)) }),
    handler: (ctx, input) => exportInventory(ctx, input.format ?? 'xlsx'),
  }),

  /** Admin: tags the cabinets report that no registered book carries. */
  strayTags: action({
    access: 'admin',
    input: s.object({}),
    handler: (ctx) => strayTags(ctx),
  }),

  /** Admin: every cabinet with its doors, online state and how full each door is. */
  adminCabinets: action({
    access: 'admin',
    input: s.object({}),
    async handler(ctx) {
      const { data: cabinets } = await ctx.db.collection<CabinetRecord>(CABINETS).orderBy('_id', 'asc').limit(100).get()
      return Promise.all(
        cabinets.map(async (cabinet) => ({
          cabinetId: cabinet._id,
          name: cabinet.name,
          place: cabinet.place,
          online: isOnline(cabinet, ctx.now),
          lastSeenAt: cabinet.lastSeenAt,
          doors: (await doorsOf(ctx, cabinet._id)).map((door) => ({
            door: door.door,
            capacity: door.capacity,
            books: door.tags.length,
            unknownTags: door.unknownTags,
            open: door.open,
          })),
        })),
      )
    },
  }),

  /** Admin: loans by state (超额 ones with `overLimit`), newest first. */
  adminLoans: action({
    access: 'admin',
    input: s.object({
      status: s.optional(s.oneOf(['onLoan', 'returned', 'lost'] as const)),
      overLimit: s.optional(s.boolean()),
      ...s.page,
    }),
    async handler(ctx, { status, overLimit, offset = 0, pageSize = 20 }) {
      const where: Record<string, unknown> = {}
      if (status) where.status = status
      if (overLimit !== undefined) where.overLimit = overLimit
      const page = await readPage(ctx.db.collection<LoanRecord>(LOANS).where(where).orderBy('borrowedAt', 'desc'), offset, pageSize)
      return { items: page.items.map((loan) => ({ ...loanView(loan, ctx.now), openid: loan.openid })), hasMore: page.hasMore }
    },
  }),

  /** Admin: what the cabinets reported that needs a person (unknown tags, missing books, 超额 …). */
  alerts: action({
    access: 'admin',
    input: s.object({ ...s.page }),
    async handler(ctx, { offset = 0, pageSize = 20 }) {
      return readPage(ctx.db.collection<AlertRecord>(BOOKCASE_ALERTS).where({ resolved: false }).orderBy('at', 'desc'), offset, pageSize)
    },
  }),

  /** Admin: refunds WeChat Pay cannot make (deposit paid over a year ago), to pay back by hand. */
  manualRefunds: action({
    access: 'admin',
    input: s.object({ ...s.page }),
    async handler(ctx, { offset = 0, pageSize = 20 }) {
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
    },
  }),

  completeManualRefund: action({
    access: 'admin',
    input: s.object({ refundId: s.id() }),
    handler: (ctx, input) => completeManualRefund(ctx, input.refundId),
  }),
})
