import Taro from '@tarojs/taro'
import type { ErrorCode } from '@domain/errors'
import type { ImportErrorKind } from '@domain/bookcase/bookImport'
import { callCloud, CloudError } from './cloud'
import { isLocalMode } from './persona'
import type { ExportFormat, SavedFile } from './files'

/** The cabinet id in a scanned code or a page's query (`cabinetId=`, a mini-program code's `scene`, a plain id). */
export { cabinetIdFrom } from '@domain/links'
export type { ImportErrorKind }

export interface DepositAccountView {
  balance: number
  owedFee: number
  deposit: number
  status: 'none' | 'active' | 'refunded'
  activeLoans: number
  toPay: number
}

export interface CabinetBook {
  tag: string
  title: string
  author: string
  isbn: string
  cover: string
}

export interface CabinetView {
  cabinetId: string
  name: string
  place: string
  online: boolean
  doors: { door: number; capacity: number; free: boolean; books: CabinetBook[] }[]
  account: DepositAccountView
  canBorrow: { ok: true } | { ok: false; code: ErrorCode; message: string }
  canReturn: boolean
  activeSessionId: string | null
  subscribeTemplates: string[]
}

export type SessionStatus = 'opening' | 'open' | 'closed' | 'failed' | 'expired'

export interface DoorSession {
  sessionId: string
  cabinetId: string
  door: number
  purpose: 'borrow' | 'return'
  status: SessionStatus
  expiresAt: string
  /** how long the session has left by the server's clock when it answered */
  remainingMs: number
  message: string
  borrowed: { loanId: string; title: string; dueAt: string; overLimit: boolean }[]
  returned: { loanId: string; title: string; mine: boolean; days: number | null; fee: number | null }[]
}

export interface Loan {
  loanId: string
  title: string
  status: 'onLoan' | 'returned' | 'lost'
  borrowedAt: string
  dueAt: string
  dueDate: string
  daysLeft: number | null
  overdueDays: number | null
  /** the server's one day count (domain loanDue): '还剩 15 天' / '今天到期' / '已逾期 5 天' */
  dueText: string | null
  /** what the fee number is, while the book is out and late */
  feeText: string | null
  fee: number
  returnedAt: string | null
  overLimit: boolean
  waived: boolean
}

export interface RefundView {
  refundId: string
  amount: number
  status: 'processing' | 'succeeded' | 'manual' | 'manualDone'
  message: string
}

export interface AccountDetails extends DepositAccountView {
  refund: RefundView | null
  history: { kind: string; amount: number; balanceAfter: number; note: string; at: string }[]
  hasMore: boolean
}

export type PayAnswer = { paid: true } | { paid: false; outTradeNo: string; amount: number; payment: Record<string, string> }

export interface LeaderboardView {
  year: number
  rows: { rank: number; name: string; loans: number; mine: boolean }[]
  myLoans: number
}

/** A copy on a shelf now, found by title (searchBooks). */
export interface BookCopy {
  tag: string
  title: string
  author: string
  cabinetId: string
  cabinetName: string
  place: string
  door: number
  online: boolean
}

export const bookcaseApi = {
  searchBooks: (q: string) => callCloud<{ items: BookCopy[]; more: boolean }>('bookcase', 'searchBooks', { q }),
  cabinet: (cabinetId: string) => callCloud<CabinetView>('bookcase', 'cabinet', { cabinetId }),
  account: () => callCloud<AccountDetails>('bookcase', 'account'),
  payDeposit: () => callCloud<PayAnswer>('bookcase', 'payDeposit'),
  refundDeposit: () => callCloud<{ refund: RefundView; account: DepositAccountView }>('bookcase', 'refundDeposit'),
  openDoor: (cabinetId: string, door: number) => callCloud<DoorSession>('bookcase', 'openDoor', { cabinetId, door }),
  openReturnDoor: (cabinetId: string) => callCloud<DoorSession>('bookcase', 'openReturnDoor', { cabinetId }),
  session: (sessionId: string) => callCloud<DoorSession>('bookcase', 'session', { sessionId }),
  myLoans: (offset = 0) => callCloud<{ current: Loan[]; history: Loan[]; hasMore: boolean }>('bookcase', 'myLoans', { offset }),
  leaderboard: () => callCloud<LeaderboardView>('bookcase', 'leaderboard'),
}

/**
 * Pays what the deposit lacks: WeChat Pay's sheet in the mini-program; on the local cloud the
 * payment is settled through its dev control, as WeChat Pay would call back.
 */
export async function payDeposit(): Promise<void> {
  const answer = await bookcaseApi.payDeposit()
  if (answer.paid) return
  if (isLocalMode) {
    await localControl('payments/settle', { outTradeNo: answer.outTradeNo, succeed: true })
    return
  }
  try {
    await Taro.requestPayment(answer.payment as unknown as Taro.requestPayment.Option)
  } catch {
    throw new CloudError('PAYMENT_FAILED')
  }
}

/** The cabinet id from a scanned code or an opened QR link: `?cabinetId=`, a mini-program code's `scene`, or a plain id. */
// —— local mode only: the cabinet simulator's dev controls (CONTRACT.md) ——

export interface SimulatorState {
  cabinets: { cabinetId: string; online: boolean; queued: number; doors: { door: number; open: boolean; tags: string[] }[] }[]
  booksOnLoan: { tag: string; title: string }[]
}

export async function localControl<T = unknown>(route: string, data?: Record<string, unknown>): Promise<T> {
  const response = await Taro.request({
    url: `${LOCAL_CLOUD_URL}/__local/${route}`,
    method: data ? 'POST' : 'GET',
    data,
    header: { 'content-type': 'application/json' },
  })
  const body = response.data as { ok?: boolean; data?: T; message?: string }
  if (response.statusCode !== 200 || body?.ok === false) throw new CloudError('INVALID_ARGUMENT', body?.message ?? '模拟器操作失败')
  return (body?.data ?? body) as T
}

// —— admin ——

export interface AdminCabinet {
  cabinetId: string
  name: string
  place: string
  online: boolean
  lastSeenAt: string | null
  doors: { door: number; capacity: number; books: number; unknownTags: string[]; open: boolean }[]
}

export interface AdminAlert {
  _id: string
  kind: string
  cabinetId: string | null
  door: number | null
  tag: string | null
  note: string
  at: string
}

export interface BookInput {
  tag: string
  isbn: string
  title: string
  author: string
  cabinetId?: string
  door?: number
}

export interface CabinetCode {
  cabinetId: string
  name: string
  page: string
  scene: string
  code: SavedFile
  labels: SavedFile
  doors: { door: number; label: string }[]
}

export interface ImportPreview {
  importId: string
  total: number
  valid: number
  unchanged: number
  errorRows: number
  errorCounts: Partial<Record<ImportErrorKind, number>>
  errors: { row: number; tag: string; errors: { kind: ImportErrorKind; message: string }[] }[]
  sample: { row: number; tag: string; isbn: string; title: string; author: string; cabinetId: string | null; door: number | null }[]
  batches: number
  batchSize: number
}

export const bookcaseAdminApi = {
  cabinets: () => callCloud<AdminCabinet[]>('bookcase', 'adminCabinets'),
  cabinetCode: (cabinetId: string) => callCloud<CabinetCode>('bookcase', 'cabinetCode', { cabinetId }),
  previewImport: (fileID: string) => callCloud<ImportPreview>('bookcase', 'previewImport', { fileID }),
  commitImport: (importId: string, batch: number) =>
    callCloud<{ batch: number; batches: number; committedBatches: number; done: boolean; added: number }>('bookcase', 'commitImport', {
      importId,
      batch,
    }),
  exportInventory: (format: ExportFormat) =>
    callCloud<SavedFile & { rows: number; strayTags: number }>('bookcase', 'exportInventory', { format }),
  strayTags: () => callCloud<{ cabinetId: string; door: number; tag: string }[]>('bookcase', 'strayTags'),
  loansReport: (month: string, format: ExportFormat) =>
    callCloud<SavedFile & { rows: number }>('bookcase', 'loansReport', { month, format }),
  loans: (filter: { status?: Loan['status']; overLimit?: boolean }, offset = 0) =>
    callCloud<{ items: (Loan & { openid: string })[]; hasMore: boolean }>('bookcase', 'adminLoans', { ...filter, offset }),
  alerts: () => callCloud<{ items: AdminAlert[]; hasMore: boolean }>('bookcase', 'alerts'),
  registerBook: (book: BookInput) => callCloud<{ tag: string; title: string; status: string }>('bookcase', 'registerBook', { ...book }),
  waiveFee: (loanId: string, reason: string) => callCloud<Loan>('bookcase', 'waiveFee', { loanId, reason }),
  manualRefunds: () =>
    callCloud<{ items: (RefundView & { openid: string; contact: { realName: string; phone: string } | null })[]; hasMore: boolean }>(
      'bookcase',
      'manualRefunds',
    ),
  completeManualRefund: (refundId: string) => callCloud<RefundView>('bookcase', 'completeManualRefund', { refundId }),
  drawLottery: (year: number, seed: string, winners: number) =>
    callCloud<{ year: number; seed: string; participantCount: number; participantsDigest: string; winners: { name: string }[] }>(
      'bookcase',
      'drawLottery',
      {
        year,
        seed,
        winners,
      },
    ),
}
