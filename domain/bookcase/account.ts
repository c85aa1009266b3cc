/** Deposit, borrowing eligibility and the 超额 flag. Amounts are fen. */
import { defaultConfig, type BookcaseConfig } from '../config'
import { refuse, type Decision } from '../errors'
import { formatYuanCn } from '../money'

export interface BorrowerAccount {
  /** deposit currently held for the person */
  depositFen: number
  /**
   * fee owed and not yet taken from the deposit: fees recorded as unpaid plus what books still on
   * loan have accrued (see `accruingFees`)
   */
  unsettledFeeFen: number
  /** books on loan now */
  activeLoans: number
}

/**
 * Whether the person may open a door to borrow: a full deposit, no unsettled fee and fewer books on
 * loan than the limit. Codes as in CONTRACT.md; the message says how much is missing.
 */
export function checkBorrowEligibility(account: BorrowerAccount, config: BookcaseConfig = defaultConfig.bookcase): Decision {
  if (account.unsettledFeeFen > 0)
    return refuse('FEE_UNPAID', `有 ${formatYuanCn(account.unsettledFeeFen)}逾期费用未结清，请先还书并补缴押金`)
  if (account.depositFen <= 0) return refuse('DEPOSIT_REQUIRED', `借书需先缴纳押金 ${formatYuanCn(config.depositFen)}`)
  if (account.depositFen < config.depositFen) {
    return refuse(
      'DEPOSIT_REQUIRED',
      `押金余额 ${formatYuanCn(account.depositFen)}，请补缴 ${formatYuanCn(topUpAmount(account.depositFen, config))}后借书`,
    )
  }
  if (account.activeLoans >= config.loanLimit) return refuse('LOAN_LIMIT', `最多同时借阅 ${config.loanLimit} 本，请先还书`)
  return { ok: true }
}

/** What brings the deposit back to full. */
export function topUpAmount(depositFen: number, config: BookcaseConfig = defaultConfig.bookcase): number {
  return Math.max(0, config.depositFen - depositFen)
}

/** A fee taken from the deposit at return: never more than the balance; the rest stays owed. */
export function deductFee(depositFen: number, feeFen: number): { deductedFen: number; depositFen: number; unpaidFen: number } {
  const deductedFen = Math.max(0, Math.min(feeFen, depositFen))
  return { deductedFen, depositFen: depositFen - deductedFen, unpaidFen: Math.max(0, feeFen - deductedFen) }
}

/** The deposit can be refunded, all of what is left, when no book is out and nothing is owed. */
export function refundableAmount(account: BorrowerAccount): number {
  return account.activeLoans === 0 && account.unsettledFeeFen === 0 ? Math.max(0, account.depositFen) : 0
}

export function checkRefund(account: BorrowerAccount): Decision<{ amountFen: number }> {
  if (account.activeLoans > 0) return refuse('CONFLICT', '还有未归还的图书，归还后才能退押金')
  if (account.unsettledFeeFen > 0) return refuse('FEE_UNPAID', `有 ${formatYuanCn(account.unsettledFeeFen)}费用未结清`)
  if (account.depositFen <= 0) return refuse('CONFLICT', '没有可退的押金')
  return { ok: true, amountFen: account.depositFen }
}

/** More books on loan than allowed (possible: nothing stops a hand taking two): flag 超额 for the admin. */
export function isOverLimit(activeLoans: number, config: BookcaseConfig = defaultConfig.bookcase): boolean {
  return activeLoans > config.loanLimit
}

/**
 * For the books taken in one door session, in order: whether each new loan is over the limit,
 * given the loans the person already had. (1 on loan, limit 2, 3 taken → [false, true, true].)
 */
export function overLimitFlags(loansBefore: number, taken: number, config: BookcaseConfig = defaultConfig.bookcase): boolean[] {
  return Array.from({ length: taken }, (_, i) => loansBefore + i + 1 > config.loanLimit)
}
