/**
 * The deposit account: paid with WeChat Pay (cloudPay), fees deducted at return, the rest refunded.
 * A balance changes only inside a transaction, together with one ledger entry whose id names the
 * cause (`deposit-<order>`, `fee-<loan>`, …): the same cause can never be booked twice.
 */
import { randomBytes } from 'crypto'
import type { ActionContext } from '../_lib/define'
import { AppError } from '../_lib/envelope'
import { ConfigurationError, requireSetting } from '../_lib/env'
import type { Transaction } from '../_lib/sdk'
import { withTransaction } from '../_lib/transaction'
import { checkRefund, topUpAmount } from '../../domain/bookcase'
import { defaultConfig } from '../../domain/config'
import { formatYuanCn } from '../../domain/money'
import { DAY_MS } from '../../domain/time'
import { findById, readInTransaction, writeInTransaction } from '../_lib/documents'
import {
  DEPOSIT_ACCOUNTS,
  DEPOSIT_LEDGER,
  DEPOSIT_ORDERS,
  DEPOSIT_REFUNDS,
  DOOR_SESSIONS,
  type SessionPurpose,
  type SessionRecord,
  type DepositAccount,
  type DepositOrderRecord,
  type DepositRefundRecord,
  type LedgerEntry,
  type LedgerKind,
  type RefundPart,
} from './records'

export const DEPOSIT_FEN = defaultConfig.bookcase.depositFen
/** WeChat Pay refunds an order by the original route for one year after payment. */
export const REFUND_WINDOW_MS = 365 * DAY_MS
/** A pending order is offered again (same outTradeNo) this long, so a retried payDeposit pays once. */
const ORDER_REUSE_MS = 2 * 60 * 60 * 1000
export const PAY_CALLBACK_FUNCTION = 'payNotify'
export const MANUAL_REFUND_MESSAGE =
  '您的押金缴纳已超过一年，微信支付无法原路退回。工作人员将在 5 个工作日内与您电话联系，核实后通过银行转账退还。'

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
    if (purpose === 'borrow' && (account.status !== 'active' || account.balance < DEPOSIT_FEN)) throw new AppError('DEPOSIT_REQUIRED')
    account.doorSessions = [...(await liveDoorSessions(t, account, ctx.now)), sessionId]
    await writeInTransaction(t, DEPOSIT_ACCOUNTS, account)
  })
}

/** What a payment must bring: the owed fees and what makes the deposit full again. */
export function amountToPay(account: DepositAccount): number {
  return account.owedFee + topUpAmount(account.balance)
}

/** What the person may see of the account. */
export function accountView(account: DepositAccount) {
  return {
    balance: account.balance,
    owedFee: account.owedFee,
    deposit: DEPOSIT_FEN,
    status: account.status,
    activeLoans: account.activeLoans,
    toPay: amountToPay(account),
  }
}

function newTradeNo(prefix: string): string {
  return `${prefix}${randomBytes(12).toString('hex')}`
}

/**
 * What every cloudPay call needs from the configuration: the sub-merchant (PAY_MCH_ID, no default) and
 * the environment whose `payNotify` receives the result — the one this function runs in (the WeChat
 * context's ENV, i.e. DYNAMIC_CURRENT_ENV), never a guess.
 */
function payTarget(ctx: ActionContext) {
  const subMchId = requireSetting(ctx.env, 'payMchId')
  if (!ctx.envId) throw new ConfigurationError('TCB_ENV')
  return { subMchId, envId: ctx.envId, functionName: PAY_CALLBACK_FUNCTION, nonceStr: randomBytes(16).toString('hex') }
}

/**
 * How the real SDK answers cloudPay calls (wx-server-sdk 3.0.4, callCloudPayAPI): the call resolves
 * with WeChat Pay's answer camelCased and `errCode: 0, errMsg: 'cloudPay.<api>:ok'` laid over it — so
 * WeChat Pay's own `err_code` (ORDERPAID, TRADE_OVERDUE …) is overwritten by 0. Its verdict is in
 * `returnCode` (the call) and `resultCode` (the business), its reason in `errCodeDes`.
 * https://developers.weixin.qq.com/miniprogram/dev/wxcloud/reference-sdk-api/open/pay/CloudPay.unifiedOrder.html
 */
export function payAccepted(answer: Record<string, any>): boolean {
  return answer.returnCode === 'SUCCESS' && answer.resultCode === 'SUCCESS'
}

/** WeChat Pay refused because it matches `reason` (its code name or its description, 该订单已支付 …). */
export function payRefusedFor(answer: Record<string, any>, reason: RegExp): boolean {
  return (
    answer.returnCode === 'SUCCESS' && answer.resultCode === 'FAIL' && reason.test(`${answer.errCodeDes ?? ''} ${answer.errCode ?? ''}`)
  )
}

/** ORDERPAID: "该订单已支付" (unifiedorder error codes, WeChat Pay v2). */
export const ORDER_PAID = /ORDERPAID|已支付/
/** TRADE_OVERDUE: "订单已经超过退款期限" — refunds are possible for one year after payment. */
export const TRADE_OVERDUE = /TRADE_OVERDUE|超过退款期限/

/** Starts (or, when retried, resumes) a WeChat Pay order for what the deposit lacks. */
export async function startDepositPayment(ctx: ActionContext) {
  const account = await readAccount(ctx, ctx.openid)
  const amount = amountToPay(account)
  if (amount <= 0) return { paid: true as const, account: accountView(account) }
  const target = payTarget(ctx)
  // The order is chosen in a transaction with the account: a retry, or a twin request at the same
  // moment, gets the same order (and WeChat Pay takes one payment for it).
  const order = await withTransaction(ctx.db, async (t) => {
    const current = await accountInTransaction(t, ctx.openid, ctx.now)
    const waiting = current.pendingOrderId ? await readInTransaction<DepositOrderRecord>(t, DEPOSIT_ORDERS, current.pendingOrderId) : null
    const reusable =
      waiting &&
      waiting.status === 'pending' &&
      waiting.amount === amountToPay(current) &&
      ctx.now.getTime() - new Date(waiting.createdAt).getTime() < ORDER_REUSE_MS
    if (reusable) return waiting
    // Paid meanwhile (a notice landed since the account was read): nothing to pay.
    if (amountToPay(current) <= 0) return null
    const created: DepositOrderRecord = {
      _id: newTradeNo('BK'),
      openid: ctx.openid,
      amount: amountToPay(current),
      status: 'pending',
      createdAt: ctx.now,
      paidAt: null,
      refunded: 0,
    }
    await writeInTransaction(t, DEPOSIT_ORDERS, created)
    await writeInTransaction(t, DEPOSIT_ACCOUNTS, { ...current, pendingOrderId: created._id })
    return created
  })
  if (!order) return { paid: true as const, account: accountView(await readAccount(ctx, ctx.openid)) }
  const answer = await ctx.cloud.cloudPay.unifiedOrder({
    body: account.status === 'none' ? '职工书柜-借书押金' : '职工书柜-补缴押金',
    outTradeNo: order._id,
    spbillCreateIp: '127.0.0.1',
    totalFee: order.amount,
    ...target,
  })
  // A retry after the person paid (the result callback may still be on its way): paid, not a failure.
  if (payRefusedFor(answer, ORDER_PAID)) {
    return { paid: true as const, outTradeNo: order._id, message: '押金已缴纳', account: accountView(account) }
  }
  if (!payAccepted(answer)) {
    ctx.log.error('unifiedOrderFailed', { outTradeNo: order._id, answer })
    throw new AppError('PAYMENT_FAILED', '暂时无法发起支付，请稍后重试')
  }
  return { paid: false as const, outTradeNo: order._id, amount: order.amount, payment: answer.payment }
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

/** Splits a refund over the paid orders, newest first, within what each can still give back. */
function planRefund(orders: DepositOrderRecord[], amount: number, refundId: string, now: Date): RefundPart[] {
  const parts: RefundPart[] = []
  let remaining = amount
  for (const order of [...orders].sort((a, b) => +new Date(b.paidAt ?? 0) - +new Date(a.paidAt ?? 0))) {
    if (remaining <= 0) break
    const refundFee = Math.min(remaining, order.amount - order.refunded)
    if (refundFee <= 0) continue
    const tooOld = now.getTime() - new Date(order.paidAt ?? 0).getTime() > REFUND_WINDOW_MS
    parts.push({
      outTradeNo: order._id,
      outRefundNo: `${refundId}-${parts.length + 1}`,
      totalFee: order.amount,
      refundFee,
      status: tooOld ? 'manual' : 'pending',
    })
    remaining -= refundFee
  }
  // Money that no order can give back (should not happen) is handled by hand rather than lost.
  if (remaining > 0)
    parts.push({ outTradeNo: '', outRefundNo: `${refundId}-${parts.length + 1}`, totalFee: 0, refundFee: remaining, status: 'manual' })
  return parts
}

function refundStatusOf(parts: RefundPart[]): DepositRefundRecord['status'] {
  if (parts.some((part) => part.status === 'manual')) return 'manual'
  if (parts.every((part) => part.status === 'succeeded' || part.status === 'manualDone')) {
    return parts.some((part) => part.status === 'manualDone') ? 'manualDone' : 'succeeded'
  }
  return 'processing'
}

export function refundView(refund: DepositRefundRecord) {
  const manualFen = refund.parts.filter((part) => part.status === 'manual').reduce((sum, part) => sum + part.refundFee, 0)
  return {
    refundId: refund._id,
    amount: refund.amount,
    status: refund.status,
    createdAt: refund.createdAt,
    manualAmount: manualFen,
    message:
      refund.status === 'manual'
        ? `${MANUAL_REFUND_MESSAGE}（待人工退还 ${formatYuanCn(manualFen)}）`
        : refund.status === 'processing'
          ? `退款 ${formatYuanCn(refund.amount)} 已提交，将原路退回微信支付账户`
          : `已退还 ${formatYuanCn(refund.amount)}`,
  }
}

/** Sends the parts WeChat Pay has not accepted yet, each with its own fixed outRefundNo. */
async function sendRefundParts(ctx: ActionContext, refund: DepositRefundRecord): Promise<DepositRefundRecord> {
  let changed = false
  for (const part of refund.parts) {
    if (part.status !== 'pending') continue
    const target = payTarget(ctx)
    try {
      const answer = await ctx.cloud.cloudPay.refund({
        outTradeNo: part.outTradeNo,
        outRefundNo: part.outRefundNo,
        totalFee: part.totalFee,
        refundFee: part.refundFee,
        ...target,
      })
      if (payAccepted(answer)) part.status = 'sent'
      else if (payRefusedFor(answer, TRADE_OVERDUE)) part.status = 'manual'
      else ctx.log.error('refundRefused', { outRefundNo: part.outRefundNo, answer })
      changed ||= part.status !== 'pending'
    } catch (error) {
      // Left pending: the next refundDeposit (or the cron) sends it again with the same outRefundNo.
      ctx.log.error('refundNotSent', { outRefundNo: part.outRefundNo, error: String(error) })
    }
  }
  if (!changed) return refund
  // WeChat Pay's notice may have landed meanwhile: only parts still 'pending' take what the call said.
  return withTransaction(ctx.db, async (t) => {
    const current = (await readInTransaction<DepositRefundRecord>(t, DEPOSIT_REFUNDS, refund._id)) ?? refund
    const sent = new Map(refund.parts.map((part) => [part.outRefundNo, part.status]))
    const parts = current.parts.map((part) =>
      part.status === 'pending' ? { ...part, status: sent.get(part.outRefundNo) ?? part.status } : part,
    )
    const updated = { ...current, parts, status: refundStatusOf(parts), updatedAt: ctx.now }
    await writeInTransaction(t, DEPOSIT_REFUNDS, updated)
    return updated
  })
}

export async function latestRefund(ctx: ActionContext, openid: string): Promise<DepositRefundRecord | null> {
  const { data } = await ctx.db
    .collection<DepositRefundRecord>(DEPOSIT_REFUNDS)
    .where({ openid })
    .orderBy('createdAt', 'desc')
    .limit(1)
    .get()
  return data[0] ?? null
}

/**
 * Pays the balance back when nothing is on loan. The balance leaves the account at once (in the
 * transaction, with its ledger entry); the refund record then tracks WeChat Pay. A retry resends the
 * unsent parts with the same refund numbers. Orders paid over a year ago cannot be refunded by WeChat
 * Pay: those parts become manual refunds that the union's staff pay back (admin: completeManualRefund).
 */
export async function refundDeposit(ctx: ActionContext) {
  payTarget(ctx) // unconfigured payments refuse before any money leaves the account
  const { data: paidOrders } = await ctx.db
    .collection<DepositOrderRecord>(DEPOSIT_ORDERS)
    .where({ openid: ctx.openid, status: 'paid' })
    .orderBy('paidAt', 'desc')
    .limit(100)
    .get()
  const refundId = newTradeNo('RF').slice(0, 26)
  const created = await withTransaction(ctx.db, async (t) => {
    const account = await accountInTransaction(t, ctx.openid, ctx.now)
    if (account.balance <= 0 && account.activeLoans === 0) return null
    const decision = checkRefund({ depositFen: account.balance, unsettledFeeFen: account.owedFee, activeLoans: account.activeLoans })
    if (!decision.ok) throw new AppError(decision.code, decision.message)
    // A door of the person's is open (or opening): what leaves it needs the deposit behind it.
    if ((await liveDoorSessions(t, account, ctx.now)).length > 0)
      throw new AppError('CONFLICT', '柜门还开着：请关好柜门，本次借还完成后再退押金')
    // Read the orders again in the transaction: two refunds at once must not both count the same money.
    const orders: DepositOrderRecord[] = []
    for (const { _id } of paidOrders) {
      const order = await readInTransaction<DepositOrderRecord>(t, DEPOSIT_ORDERS, _id)
      if (order) orders.push(order)
    }
    const amount = account.balance
    const parts = planRefund(orders, amount, refundId, ctx.now)
    for (const part of parts) {
      if (!part.outTradeNo) continue
      await t
        .collection(DEPOSIT_ORDERS)
        .doc(part.outTradeNo)
        .update({ data: { refunded: ctx._.inc(part.refundFee) } })
    }
    await bookChange(t, account, { kind: 'refund', amount: -amount, ref: refundId, note: '退还押金', at: ctx.now })
    account.status = 'refunded'
    await writeInTransaction(t, DEPOSIT_ACCOUNTS, account)
    const refund: DepositRefundRecord = {
      _id: refundId,
      openid: ctx.openid,
      amount,
      status: refundStatusOf(parts),
      parts,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    }
    await writeInTransaction(t, DEPOSIT_REFUNDS, refund)
    return refund
  })
  const refund = created ?? (await latestRefund(ctx, ctx.openid))
  if (!refund) throw new AppError('CONFLICT', '没有可退的押金')
  return { refund: refundView(await sendRefundParts(ctx, refund)), account: accountView(await readAccount(ctx, ctx.openid)) }
}

/** Refund parts WeChat Pay has not accepted yet (sent again by the cron with their own numbers). */
export async function resendPendingRefunds(ctx: ActionContext): Promise<number> {
  const { data } = await ctx.db
    .collection<DepositRefundRecord>(DEPOSIT_REFUNDS)
    .where({ status: ctx._.in(['processing', 'manual']) })
    .limit(100)
    .get()
  let sent = 0
  for (const refund of data) {
    if (!refund.parts.some((part) => part.status === 'pending')) continue
    await sendRefundParts(ctx, refund)
    sent++
  }
  return sent
}

export interface RefundNotice {
  outRefundNo: string
  refundStatus: string
}

/** WeChat Pay's refund result: the part succeeded, or failed and goes to the staff to pay by hand. */
export async function settleRefundNotice(ctx: ActionContext, notice: RefundNotice): Promise<'updated' | 'ignored'> {
  const refundId = notice.outRefundNo.replace(/-\d+$/, '')
  return withTransaction(ctx.db, async (t) => {
    const refund = await readInTransaction<DepositRefundRecord>(t, DEPOSIT_REFUNDS, refundId)
    const part = refund?.parts.find((p) => p.outRefundNo === notice.outRefundNo)
    if (!refund || !part || (part.status !== 'sent' && part.status !== 'pending')) return 'ignored'
    part.status = notice.refundStatus === 'SUCCESS' ? 'succeeded' : 'manual'
    await writeInTransaction(t, DEPOSIT_REFUNDS, { ...refund, status: refundStatusOf(refund.parts), updatedAt: ctx.now })
    return 'updated'
  })
}

/** Staff paid a manual refund back by hand (bank transfer): recorded with who and when. */
export async function completeManualRefund(ctx: ActionContext, refundId: string) {
  const refund = await withTransaction(ctx.db, async (t) => {
    const found = await readInTransaction<DepositRefundRecord>(t, DEPOSIT_REFUNDS, refundId)
    if (!found) throw new AppError('NOT_FOUND', '退款记录不存在')
    for (const part of found.parts) if (part.status === 'manual') part.status = 'manualDone'
    const updated = { ...found, status: refundStatusOf(found.parts), updatedAt: ctx.now, manualBy: ctx.openid }
    await writeInTransaction(t, DEPOSIT_REFUNDS, updated)
    return updated
  })
  ctx.log.info('manualRefundCompleted', { by: ctx.openid, refundId })
  return refundView(refund)
}
