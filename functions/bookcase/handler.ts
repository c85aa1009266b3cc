/**
 * The bookcase function's action table: who may call each action, what it accepts, and the use case
 * that answers it — the worker's cabinet and doors (cabinet.ts, doors.ts), the deposit (account.ts,
 * deposit.ts, refund.ts), loans and reading (loans.ts, reading.ts), and the staff's tools (admin.ts,
 * inventory.ts, reports.ts, codes.ts).
 */
import { action, defineFunction, type DeployOptions } from '../_lib/define'
import * as s from '../_lib/schema'
import { cabinetsAction, position } from './finder'
import { monthInput } from '../_lib/exports'
import { accountDetails, payDeposit, paymentResult, refundDeposit } from './account'
import { cabinetsOverview, loansPage, manualRefunds, openAlerts, registerBook, saveCabinet } from './admin'
import { cabinetPage, searchBooks } from './cabinet'
import { cabinetCode } from './codes'
import { loadSession, openDoor, openReturnDoor } from './doors'
import { commitBookImport, exportInventory, previewBookImport, strayTags } from './inventory'
import { myLoans, waiveFee } from './loans'
import { drawYearLottery, leaderboard } from './reading'
import { completeManualRefund } from './refund'
import { loansReport } from './reports'
import { loanAnswer, sessionAnswer } from './views'

const cabinetId = s.string({ min: 1, max: 40, pattern: /^[A-Za-z0-9_-]+$/, patternMessage: '应为有效的书柜编号' })
/** A new cabinet's id is also its mini-program code's `scene`: at most 32 characters (WeChat's limit). */
const newCabinetId = s.string({ min: 1, max: 32, pattern: /^[A-Za-z0-9_-]+$/, patternMessage: '应为 32 个字符以内的字母、数字、- 或 _' })
const doorNumber = s.integer({ min: 1, max: 200 })
const tag = s.string({ min: 1, max: 40, pattern: /^[A-Za-z0-9_-]+$/, patternMessage: '应为有效的 RFID 标签号' })
const year = s.integer({ min: 2020, max: 2100 })
const exportFormat = s.optional(s.oneOf(['xlsx', 'csv'] as const))

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
    handler: (ctx, input) => cabinetPage(ctx, input.cabinetId),
  }),

  /** Books on the shelves now whose title has every word, with the cabinet and door that hold each copy. */
  searchBooks: action({
    access: 'user',
    input: s.object({ q: s.string({ min: 1, max: 50 }) }),
    handler: (ctx, input) => searchBooks(ctx, input.q),
  }),

  cabinets: cabinetsAction,

  /** Deposit balance, what to pay, the latest refund and the history of every change. */
  account: action({
    access: 'user',
    input: s.object({ ...s.page }),
    handler: (ctx, { offset = 0, pageSize = 20 }) => accountDetails(ctx, offset, pageSize),
  }),

  /** `cabinetId`: paid at that cabinet, whose page is answered too (as `cabinet`) once the deposit is in. */
  payDeposit: action({
    access: 'user',
    input: s.object({ cabinetId: s.optional(cabinetId) }),
    handler: (ctx, input) => payDeposit(ctx, input.cabinetId),
  }),

  /** After WeChat Pay's sheet: the order's state and the account to show (and the cabinet's page, as payDeposit). */
  paymentResult: action({
    access: 'user',
    input: s.object({
      outTradeNo: s.string({ min: 1, max: 32, pattern: /^[A-Za-z0-9]+$/, patternMessage: '应为有效的订单号' }),
      cabinetId: s.optional(cabinetId),
    }),
    handler: (ctx, input) => paymentResult(ctx, input.outTradeNo, input.cabinetId),
  }),

  refundDeposit: action({
    access: 'user',
    input: s.object({}),
    handler: (ctx) => refundDeposit(ctx),
  }),

  openDoor: action({
    access: 'user',
    input: s.object({ cabinetId, door: doorNumber }),
    handler: async (ctx, input) => sessionAnswer(await openDoor(ctx, input.cabinetId, input.door, 'borrow')),
  }),

  openReturnDoor: action({
    access: 'user',
    input: s.object({ cabinetId }),
    handler: async (ctx, input) => sessionAnswer(await openReturnDoor(ctx, input.cabinetId)),
  }),

  session: action({
    access: 'user',
    input: s.object({ sessionId: s.id() }),
    handler: async (ctx, input) => sessionAnswer(await loadSession(ctx, input.sessionId)),
  }),

  myLoans: action({
    access: 'user',
    input: s.object({ ...s.page }),
    async handler(ctx, { offset = 0, pageSize = 20 }) {
      const { current, history, hasMore } = await myLoans(ctx, offset, pageSize)
      return { current: current.map(loanAnswer), history: history.map(loanAnswer), hasMore }
    },
  }),

  /** 阅读之星: the year's readers by books borrowed, names masked, those who opted out left out. */
  leaderboard: action({
    access: 'user',
    input: s.object({ year: s.optional(year) }),
    handler: (ctx, input) => leaderboard(ctx, input.year),
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
    handler: (ctx, input) => registerBook(ctx, input),
  }),

  waiveFee: action({
    access: 'admin',
    input: s.object({ loanId: s.string({ min: 1, max: 80 }), reason: s.string({ min: 1, max: 100 }) }),
    handler: async (ctx, input) => loanAnswer(await waiveFee(ctx, input.loanId, input.reason)),
  }),

  /** Admin: the year's lottery among its borrowers, reproducible from the published seed; drawn once. */
  drawLottery: action({
    access: 'admin',
    input: s.object({ year, seed: s.string({ min: 4, max: 100 }), winners: s.integer({ min: 1, max: 100 }) }),
    handler: (ctx, input) => drawYearLottery(ctx, input),
  }),

  /** Admin: adds a cabinet (or renames it, or adds doors); a new one's secret is shown once. */
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
    handler: (ctx, input) => saveCabinet(ctx, input),
  }),

  /** Admin: every loan borrowed in a Shanghai month, XLSX (default) or CSV. */
  loansReport: action({
    access: 'admin',
    input: s.object({ month: monthInput, format: exportFormat }),
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
    input: s.object({ format: exportFormat }),
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
    handler: (ctx) => cabinetsOverview(ctx),
  }),

  /** Admin: loans by state (超额 ones with `overLimit`), newest first. */
  adminLoans: action({
    access: 'admin',
    input: s.object({
      status: s.optional(s.oneOf(['onLoan', 'returned', 'lost'] as const)),
      overLimit: s.optional(s.boolean()),
      ...s.page,
    }),
    handler: (ctx, { status, overLimit, offset = 0, pageSize = 20 }) => loansPage(ctx, { status, overLimit }, offset, pageSize),
  }),

  /** Admin: what the cabinets reported that needs a person (unknown tags, missing books, 超额 …). */
  alerts: action({
    access: 'admin',
    input: s.object({ ...s.page }),
    handler: (ctx, { offset = 0, pageSize = 20 }) => openAlerts(ctx, offset, pageSize),
  }),

  /** Admin: refunds WeChat Pay cannot make (deposit paid over a year ago), to pay back by hand. */
  manualRefunds: action({
    access: 'admin',
    input: s.object({ ...s.page }),
    handler: (ctx, { offset = 0, pageSize = 20 }) => manualRefunds(ctx, offset, pageSize),
  }),

  completeManualRefund: action({
    access: 'admin',
    input: s.object({ refundId: s.id() }),
    handler: (ctx, input) => completeManualRefund(ctx, input.refundId),
  }),
})
