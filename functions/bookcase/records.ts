/** The bookcase service's collections and the shape of their documents. */
import type { Position } from '../../domain/geo'

export const CABINETS = 'cabinets'
export const CABINET_DOORS = 'cabinetDoors'
export const CABINET_EVENTS = 'cabinetEvents'
export const DOOR_SESSIONS = 'doorSessions'
export const BOOKS = 'books'
export const LOANS = 'loans'
export const DEPOSIT_ACCOUNTS = 'depositAccounts'
export const DEPOSIT_ORDERS = 'depositOrders'
export const DEPOSIT_REFUNDS = 'depositRefunds'
export const DEPOSIT_LEDGER = 'depositLedger'
export const BOOKCASE_ALERTS = 'bookcaseAlerts'
export const LOTTERY_DRAWS = 'lotteryDraws'
export const READING_STATS = 'readingStats'
export const BOOK_IMPORTS = 'bookImports'

export interface CabinetRecord {
  _id: string
  name: string
  place: string
  /** Where it stands (GCJ-02), for 附近书柜; absent on cabinets registered without one. */
  position?: Position | null
  /** When the cloud last heard from the cabinet (any authenticated request). */
  lastSeenAt: Date | null
  doorCount: number
  /** HMAC key of the cabinet's gateway requests; never leaves the cloud. */
  secret: string
  createdAt: Date
}

/** `_id` = `${cabinetId}-${door}`. The door document is the lock that gives a door to one person at a time. */
export interface DoorRecord {
  _id: string
  cabinetId: string
  door: number
  capacity: number
  /** Registered book tags the system believes are inside. */
  tags: string[]
  /** Tags reported inside that no registered book carries. */
  unknownTags: string[]
  /** The cabinet reported the door open and not yet closed. */
  open: boolean
  /** The session holding the door (the door is free once `heldUntil` has passed and it is closed). */
  sessionId: string | null
  heldUntil: Date
  /** When the current hold was taken, and whether its open command reached the cabinet link. */
  claimedAt?: Date
  commandSent?: boolean
  /** When the door last closed (cabinet time): older events cannot change the door any more. */
  lastClosedAt?: Date | null
  /** How many closes changed the door: a close is written only over the door it read. */
  closeSeq?: number
  /** Who the claim of `sessionId` belongs to, copied at the claim so that a close need not read the session. */
  holder?: DoorHolder | null
  /** The latest closes (last CLOSES_KEPT): a repeated event answers from here and finishes what it planned. */
  closes?: DoorClose[]
}

export interface DoorHolder {
  sessionId: string
  openid: string
  createdAt: Date
  /** the opener's books on loan when the door was claimed (null: not read), a close checks it again */
  activeLoans: number | null
  /** the latest Shanghai year the opener borrowed in (their reading count of that year exists) */
  loanYear: number | null
}

/** What a door close changes besides the door itself, kept on the door so that a repeat finishes it. */
export interface DoorClose {
  eventKey: string
  sessionId: string | null
  /** the session's owner: the books taken are theirs */
  openid: string | null
  at: Date
  answer: { eventId: string; type: 'doorClosed'; result: Record<string, unknown> }
  /** the session owner's books taken, as loans to make */
  taken: { tag: string; title: string; isbn: string }[]
  /** open loans of books that came back */
  returned: { loanId: string; tag: string; title: string; openid: string; borrowedAt: Date; waived: boolean }[]
  /** books to put on this door's shelf, each changed only while still as the close saw it */
  shelve: BookState[]
  /** books that left without a session */
  missing: BookState[]
  /** another door that no longer holds a book that turned up here */
  forget: { cabinetId: string; door: number; tag: string }[]
  alerts: AlertDraft[]
}

/** A book as a close saw it (a returned book: by its loan only). */
export type BookState = Pick<BookRecord, '_id'> & Partial<Pick<BookRecord, 'status' | 'cabinetId' | 'door' | 'loanId'>>

export type SessionPurpose = 'borrow' | 'return'
/** opening → open → closed; opening → failed (open command refused) or expired (never answered). */
export type SessionStatus = 'opening' | 'open' | 'closed' | 'failed' | 'expired'

export interface SessionOutcome {
  borrowed: { loanId: string; tag: string; title: string; dueAt: Date; overLimit: boolean }[]
  returned: { loanId: string; tag: string; title: string; days: number; fee: number; borrower: string }[]
}

/** `_id` doubles as the open command's `commandId`. */
export interface SessionRecord {
  _id: string
  openid: string
  cabinetId: string
  door: number
  purpose: SessionPurpose
  status: SessionStatus
  createdAt: Date
  expiresAt: Date
  openedAt: Date | null
  closedAt: Date | null
  failReason: string | null
  /** The owner was told the door stays open past the session. */
  leftOpenNotified: boolean
  outcome: SessionOutcome | null
  /** the cabinet event (`cabinetId-eventId`) that closed it */
  closeEvent?: string
}

export type BookStatus = 'shelved' | 'onLoan' | 'lost' | 'missing'

/** `_id` = the RFID tag. */
export interface BookRecord {
  _id: string
  isbn: string
  title: string
  author: string
  cover: string
  status: BookStatus
  cabinetId: string | null
  door: number | null
  loanId: string | null
  registeredAt: Date
}

export type LoanStatus = 'onLoan' | 'returned' | 'lost'

export interface LoanRecord {
  _id: string
  openid: string
  tag: string
  title: string
  isbn: string
  /** The book's tag while the loan is open, the loan id afterwards: a unique index keeps one open loan per book. */
  openTag: string
  status: LoanStatus
  borrowedAt: Date
  dueAt: Date
  borrowCabinetId: string
  sessionId: string
  /** Borrowed beyond the loan limit (超额): recorded anyway, flagged for the admin. */
  overLimit: boolean
  returnedAt: Date | null
  returnCabinetId: string | null
  /** Fee charged (fen) at return or when marked lost: the part taken from the deposit and the part owed. */
  fee: number
  feeDeducted: number
  feeOwed: number
  /** An admin waived the fee: charged nothing at return, or given back if already charged. */
  waived: boolean
  year: number
  /** Shanghai date the daily reminder job last looked at this loan. */
  remindedOn: string | null
  /** the door close that returned it, and the balance its fee left (for the ledger entry) */
  closedBy?: string
  balanceAfter?: number
}

/** none: never paid; refunded: the balance was paid back (a refund record tracks its delivery). */
export type AccountStatus = 'none' | 'active' | 'refunded'

/** `_id` = OPENID. Changed only in transactions, each change with a ledger entry. */
export interface DepositAccount {
  _id: string
  /** Deposit held, fen (never negative). */
  balance: number
  /** Fees the deposit could not cover, fen: paid off first by the next payment. */
  owedFee: number
  status: AccountStatus
  activeLoans: number
  totalLoans: number
  updatedAt: Date
  /**
   * The person's door sessions that may still move books (listed when opened, pruned when read):
   * a refund reads them in its transaction and waits until each is closed or expired.
   */
  doorSessions?: string[]
  /** The WeChat Pay order a payDeposit is waiting on, so a retry (or a twin) pays the same order. */
  pendingOrderId?: string | null
  /** The latest door closes applied to it: a close finished again after a fault changes it once. */
  closes?: string[]
  /** the latest Shanghai year this person borrowed in */
  loanYear?: number
}

export interface DepositOrderRecord {
  _id: string
  openid: string
  amount: number
  status: 'pending' | 'paid' | 'failed'
  createdAt: Date
  paidAt: Date | null
  /** Fen already refunded from this order. */
  refunded: number
}

export interface RefundPart {
  outTradeNo: string
  outRefundNo: string
  totalFee: number
  refundFee: number
  /** sent: WeChat Pay accepted; manual: the union pays it back by hand (order older than a year). */
  status: 'pending' | 'sent' | 'succeeded' | 'manual' | 'manualDone'
}

export interface DepositRefundRecord {
  _id: string
  openid: string
  amount: number
  status: 'processing' | 'succeeded' | 'manual' | 'manualDone'
  parts: RefundPart[]
  createdAt: Date
  updatedAt: Date
}

export type LedgerKind = 'deposit' | 'fee' | 'owedFee' | 'waiver' | 'refund'

export interface LedgerEntry {
  _id: string
  openid: string
  kind: LedgerKind
  /** Signed change of the balance, fen. */
  amount: number
  balanceAfter: number
  ref: string
  note: string
  at: Date
}

/** `_id` = `${year}-${openid}`: books borrowed in a Shanghai calendar year (阅读之星, the lottery). */
export interface ReadingStat {
  _id: string
  openid: string
  year: number
  loans: number
  /** the latest door closes counted */
  closes?: string[]
}

/** A checked spreadsheet of books (`_id` = importId); its valid rows are a JSON file in storage. */
export interface BookImportRecord {
  _id: string
  sourceFileID: string
  rowsFileID: string
  total: number
  valid: number
  unchanged: number
  errorRows: number
  batches: number
  committedBatches: number[]
  /** books actually added (a batch sent again adds none) */
  added: number
  createdBy: string
  createdAt: Date
}

/** An alert for the admin (alerts.ts raises them). */
export type AlertKind = 'unknownTag' | 'missingBook' | 'bookMoved' | 'overLimit' | 'lateOpen' | 'lostReturned' | 'clockWrong' | 'staleEvent'

export interface AlertRecord {
  _id: string
  kind: AlertKind
  cabinetId: string | null
  door: number | null
  tag: string | null
  openid: string | null
  note: string
  at: Date
  resolved: boolean
}

export type AlertDraft = Omit<AlertRecord, '_id' | 'resolved'>
