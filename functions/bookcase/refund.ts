/**
 * Paying the deposit back: the balance leaves the account at once (in a transaction, with its ledger
 * entry) and a refund record then tracks WeChat Pay, part by part (one part per paid order). Orders
 * paid over a year ago cannot be refunded by WeChat Pay: those parts are paid back by the union's staff.
 */
import type { ActionContext } from '../_lib/define'
import { AppError, refuseUnless } from '../_lib/envelope'
import { withTransaction } from '../_lib/transaction'
import { readInTransaction, writeInTransaction } from '../_lib/documents'
import { checkRefund } from '../../domain/bookcase'
import { formatYuanCn } from '../../domain/money'
import { DAY_MS } from '../../domain/time'
import { accountInTransaction, bookChange, liveDoorSessions } from './deposit'
import { newTradeNo, payAccepted, payRefusedFor, payTarget, TRADE_OVERDUE } from './pay'
import {
  DEPOSIT_ACCOUNTS,
  DEPOSIT_ORDERS,
  DEPOSIT_REFUNDS,
  type DepositOrderRecord,
  type DepositRefundRecord,
  type RefundPart,
} from './records'

/** WeChat Pay refunds an order by the original route for one year after payment. */
export const REFUND_WINDOW_MS = 365 * DAY_MS
export const MANUAL_REFUND_MESSAGE =
  '您的押金缴纳已超过一年，微信支付无法原路退回。工作人员将在 5 个工作日内与您电话联系，核实后通过银行转账退还。'

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
    createdAt: new Date(refund.createdAt).getTime(),
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
 * Pays the balance back when nothing is on loan. A retry resends the unsent parts with the same refund
 * numbers. Parts WeChat Pay cannot make become manual refunds (admin: completeManualRefund).
 */
export async function refundBalance(ctx: ActionContext) {
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
    refuseUnless(checkRefund({ depositFen: account.balance, unsettledFeeFen: account.owedFee, activeLoans: account.activeLoans }))
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
  return sendRefundParts(ctx, refund)
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
