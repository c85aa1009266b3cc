/**
 * The deposit account: paid with WeChat Pay (cloudPay), fees deducted at return, the rest refunded (refund.ts).
 * A balance changes only inside a transaction, together with one ledger entry whose id names the
 * cause (`deposit-<order>`, `fee-<loan>`, …): the same cause can never be booked twice.
 */
import type { ActionContext } from '../_lib/define'
import { AppError } from '../_lib/envelope'
import type { Transaction } from '../_lib/sdk'
import { withTransaction } from '../_lib/transaction'
import { topUpAmount } from '../../domain/bookcase'
import type { BookcaseConfig } from '../../domain/config'
import { findById, readInTransaction, writeInTransaction } from '../_lib/documents'
import { newTradeNo, ORDER_PAID, payAccepted, payRefusedFor, payTarget, type PaymentSheet } from './pay'
import {
  DEPOSIT_ACCOUNTS,
  DEPOSIT_LEDGER,
  DEPOSIT_ORDERS,
  DOOR_SESSIONS,
  type SessionPurpose,
  type SessionRecord,
  type DepositAccount,
  type DepositOrderRecord,
  type LedgerEntry,
  type LedgerKind,
} from './records'

/** A pending order is offered again (same outTradeNo) this long, so a retried payDeposit pays once. */
const ORDER_REUSE_MS = 2 * 60 * 60 * 1000

export function emptyAccount(openid: string, now: Date): DepositAccount {
  return { _id: openid, balance: 0, owedFee: 0, status: 'none', activeLoans: 0, totalLoans: 0, updatedAt: now }
}

export async function readAccount(ctx: ActionContext, openid: string): Promise<DepositAccount> {
  return (await findById<DepositAccount>(ctx.db, DEPOSIT_ACCOUNTS, openid)) ?? emptyAccount(openid, ctx.now)
}

export async function accountInTransaction(t: Transaction, openid: string, now: Date): Promise<DepositAccount> {
  return (await readInTransaction<DepositAccount>(t, DEPOSIT_ACCOUNTS, openid)) ?? emptyAccount(openid, now)
}

export interface BalanceChange {
  kind: LedgerKind
  /** Signed fen. */
  amount: number
  /** What caused it; with `kind` it is the ledger entry's id. */
  ref: string
  note: string
  at: Date
}

/**
 * Applies a change to an account read in the same transaction and books it; the caller writes the
 * account. Returns false when this cause was booked before (nothing changes).
 */
export async function bookChange(t: Transaction, account: DepositAccount, change: BalanceChange): Promise<boolean> {
  const entryId = `${change.kind}-${change.ref}`
  if (await readInTransaction<LedgerEntry>(t, DEPOSIT_LEDGER, entryId)) return false
  account.balance += change.amount
  if (account.balance < 0) throw new Error(`balance of ${account._id} would go below zero`)
  account.updatedAt = change.at
  const entry: LedgerEntry = {
    _id: entryId,
    openid: account._id,
    kind: change.kind,
    amount: change.amount,
    balanceAfter: account.balance,
    ref: change.ref,
    note: change.note,
    at: change.at,
  }
  await t.collection(DEPOSIT_LEDGER).add({ data: entry })
  return true
}

const holdsDoor = (session: SessionRecord, now: Date) =>
  session.status === 'open' || (session.status === 'opening' && now.getTime() < new Date(session.expiresAt).getTime())

/** The sessions listed on the account that may still move books (read in the caller's transaction). */
export async function liveDoorSessions(t: Transaction, account: DepositAccount, now: Date): Promise<string[]> {
  const live: string[] = []
  for (const id of account.doorSessions ?? []) {
    const session = await readInTransaction<SessionRecord>(t, DOOR_SESSIONS, id)
    if (session && holdsDoor(session, now)) live.push(id)
  }
  return live
}

/**
 * Lists a door session on its owner's account, in a transaction with the account: a refund committed
 * first leaves no deposit to borrow against (refused here); one coming after sees the session and waits.
 * Without an account (a return by someone who never paid) there is nothing to refund: nothing is listed.
 */
export async function listDoorSession(ctx: ActionContext, sessionId: string, purpose: SessionPurpose): Promise<void> {
  await withTransaction(ctx.db, async (t) => {
    const account = await readInTransaction<DepositAccount>(t, DEPOSIT_ACCOUNTS, ctx.openid)
    if (!account) {
      if (purpose === 'borrow') throw new AppError('DEPOSIT_REQUIRED')
      return
    }
    if (purpose === 'borrow' && (account.status !== 'active' || account.balance < ctx.config.bookcase.depositFen))
      throw new AppError('DEPOSIT_REQUIRED')
    account.doorSessions = [...(await liveDoorSessions(t, account, ctx.now)), sessionId]
    await writeInTransaction(t, DEPOSIT_ACCOUNTS, account)
  })
}

/** What a payment must bring: the owed fees and what makes the deposit full again. */
export function amountToPay(account: DepositAccount, config: BookcaseConfig): number {
  return account.owedFee + topUpAmount(account.balance, config)
}

/** What the person may see of the account. */
export function accountView(account: DepositAccount, config: BookcaseConfig) {
  return {
    balance: account.balance,
    owedFee: account.owedFee,
    deposit: config.depositFen,
    status: account.status,
    activeLoans: account.activeLoans,
    toPay: amountToPay(account, config),
  }
}

/**
 * Starts (or, when retried, resumes) a WeChat Pay order for what the deposit lacks; `paid` when there is
 * nothing to pay (any more).
 */
export async function startDepositPayment(ctx: ActionContext) {
  const config = ctx.config.bookcase
  const account = await readAccount(ctx, ctx.openid)
  if (amountToPay(account, config) <= 0) return { paid: true as const }
  const target = payTarget(ctx)
  // The order is chosen in a transaction with the account: a retry, or a twin request at the same
  // moment, gets the same order (and WeChat Pay takes one payment for it).
  const order = await withTransaction(ctx.db, async (t) => {
    const current = await accountInTransaction(t, ctx.openid, ctx.now)
    const waiting = current.pendingOrderId ? await readInTransaction<DepositOrderRecord>(t, DEPOSIT_ORDERS, current.pendingOrderId) : null
    const reusable =
      waiting &&
      waiting.status === 'pending' &&
      waiting.amount === amountToPay(current, config) &&
      ctx.now.getTime() - new Date(waiting.createdAt).getTime() < ORDER_REUSE_MS
    if (reusable) return waiting
    // Paid meanwhile (a notice landed since the account was read): nothing to pay.
    if (amountToPay(current, config) <= 0) return null
    const created: DepositOrderRecord = {
      _id: newTradeNo('BK'),
      openid: ctx.openid,
      amount: amountToPay(current, config),
      status: 'pending',
      createdAt: ctx.now,
      paidAt: null,
      refunded: 0,
    }
    await writeInTransaction(t, DEPOSIT_ORDERS, created)
    await writeInTransaction(t, DEPOSIT_ACCOUNTS, { ...current, pendingOrderId: created._id })
    return created
  })
  if (!order) return { paid: true as const }
  const answer = await ctx.cloud.cloudPay.unifiedOrder({
    body: account.status === 'none' ? '职工书柜-借书押金' : '职工书柜-补缴押金',
    outTradeNo: order._id,
    spbillCreateIp: '127.0.0.1',
    totalFee: order.amount,
    ...target,
  })
  // A retry after the person paid (the result callback may still be on its way): paid, not a failure.
  if (payRefusedFor(answer, ORDER_PAID)) {
    return { paid: true as const, outTradeNo: order._id, message: '押金已缴纳' }
  }
  if (!payAccepted(answer)) {
    ctx.log.error('unifiedOrderFailed', { outTradeNo: order._id, answer })
    throw new AppError('PAYMENT_FAILED', '暂时无法发起支付，请稍后重试')
  }
  return { paid: false as const, outTradeNo: order._id, amount: order.amount, payment: answer.payment as PaymentSheet }
}

export interface PaymentNotice {
  outTradeNo: string
  resultCode: string
  totalFee: number
  subOpenid?: string
}

/**
 * WeChat Pay's payment result. A duplicate or late notice finds the order already settled and the
 * ledger entry already there: nothing changes twice.
 */
export async function settleDepositPayment(ctx: ActionContext, notice: PaymentNotice): Promise<'paid' | 'failed' | 'ignored'> {
  return withTransaction(ctx.db, async (t) => {
    const order = await readInTransaction<DepositOrderRecord>(t, DEPOSIT_ORDERS, notice.outTradeNo)
    if (!order) return 'ignored'
    if (notice.resultCode !== 'SUCCESS') {
      if (order.status !== 'pending') return 'ignored'
      await t
        .collection(DEPOSIT_ORDERS)
        .doc(order._id)
        .update({ data: { status: 'failed' } })
      return 'failed'
    }
    if (order.status === 'paid') return 'ignored'
    if (notice.totalFee !== order.amount || (notice.subOpenid && notice.subOpenid !== order.openid)) {
      throw new AppError('CONFLICT', '支付通知与订单不一致')
    }
    const account = await accountInTransaction(t, order.openid, ctx.now)
    await bookChange(t, account, { kind: 'deposit', amount: order.amount, ref: order._id, note: '缴纳押金', at: ctx.now })
    // Fees the deposit could not cover are paid off first.
    const settled = Math.min(account.owedFee, account.balance)
    if (settled > 0) {
      await bookChange(t, account, { kind: 'owedFee', amount: -settled, ref: order._id, note: '结清欠缴的逾期费用', at: ctx.now })
      account.owedFee -= settled
    }
    account.status = 'active'
    if (account.pendingOrderId === order._id) account.pendingOrderId = null
    await writeInTransaction(t, DEPOSIT_ACCOUNTS, account)
    await t
      .collection(DEPOSIT_ORDERS)
      .doc(order._id)
      .update({ data: { status: 'paid', paidAt: ctx.now } })
    return 'paid'
  })
}

/**
 * The order as WeChat Pay knows it, for when the person is back from the payment sheet before WeChat
 * Pay's notice arrived: a paid (or failed) order is settled here as the notice would settle it, and the
 * notice then changes nothing. WeChat Pay recommends this query when the notice is not in yet:
 * https://developers.weixin.qq.com/miniprogram/dev/wxcloud/reference-sdk-api/open/pay/CloudPay.queryOrder.html
 */
export async function checkDepositPayment(ctx: ActionContext, order: DepositOrderRecord): Promise<DepositOrderRecord['status']> {
  if (order.status !== 'pending') return order.status
  const { subMchId, nonceStr } = payTarget(ctx)
  const answer = await ctx.cloud.cloudPay.queryOrder({ subMchId, nonceStr, outTradeNo: order._id })
  if (!payAccepted(answer) || (answer.tradeState !== 'SUCCESS' && answer.tradeState !== 'PAYERROR')) return 'pending'
  const paid = answer.tradeState === 'SUCCESS'
  const notice = { outTradeNo: order._id, resultCode: paid ? 'SUCCESS' : 'FAIL', totalFee: paid ? answer.totalFee : order.amount }
  await settleDepositPayment(ctx, paid ? { ...notice, subOpenid: answer.subOpenid } : notice)
  return paid ? 'paid' : 'failed'
}
