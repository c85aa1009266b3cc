/**
 * The deposit screen: the account with its latest refund and the history of every change. Each of the
 * person's deposit actions answers this view, so the screen shows the result without a second call.
 */
import type { ActionContext } from '../_lib/define'
import { AppError } from '../_lib/envelope'
import { findById } from '../_lib/documents'
import { readPage } from '../_lib/paging'
import { accountView, checkDepositPayment, readAccount, startDepositPayment } from './deposit'
import { cabinetPage } from './cabinet'
import { latestRefund, refundBalance, refundView } from './refund'
import { DEPOSIT_LEDGER, DEPOSIT_ORDERS, type DepositOrderRecord, type LedgerEntry } from './records'

/** The caller's account as the deposit screen shows it; `offset` pages through the history. */
export async function accountDetails(ctx: ActionContext, offset = 0, pageSize = 20) {
  const account = await readAccount(ctx, ctx.openid)
  const entries = await readPage(
    ctx.db.collection<LedgerEntry>(DEPOSIT_LEDGER).where({ openid: ctx.openid }).orderBy('at', 'desc'),
    offset,
    pageSize,
  )
  const refund = await latestRefund(ctx, ctx.openid)
  return {
    ...accountView(account, ctx.config.bookcase),
    refund: refund ? refundView(refund) : null,
    history: entries.items.map(({ kind, amount, balanceAfter, note, at }) => ({
      kind,
      amount,
      balanceAfter,
      note,
      at: new Date(at).getTime(),
    })),
    hasMore: entries.hasMore,
  }
}

/** The page of the cabinet a payment was made at, if it was: its borrow buttons follow the new deposit. */
async function cabinetAfterPayment(
  ctx: ActionContext,
  cabinetId: string | undefined,
): Promise<{ cabinet?: Awaited<ReturnType<typeof cabinetPage>> }> {
  return cabinetId === undefined ? {} : { cabinet: await cabinetPage(ctx, cabinetId) }
}

/**
 * Pays what the deposit lacks: WeChat Pay's order to show the payment sheet for, or — nothing (left)
 * to pay — the account as it stands (with the cabinet's page when paid at one).
 */
export async function payDeposit(ctx: ActionContext, cabinetId?: string) {
  const started = await startDepositPayment(ctx)
  if (!started.paid) return started
  return { ...started, account: await accountDetails(ctx), ...(await cabinetAfterPayment(ctx, cabinetId)) }
}

/**
 * After WeChat Pay's sheet: how the order stands (asking WeChat Pay when its notice is not in yet) and
 * the account the deposit screen shows next.
 */
export async function paymentResult(ctx: ActionContext, outTradeNo: string, cabinetId?: string) {
  const order = await findById<DepositOrderRecord>(ctx.db, DEPOSIT_ORDERS, outTradeNo)
  if (!order || order.openid !== ctx.openid) throw new AppError('NOT_FOUND', '支付订单不存在')
  const status = await checkDepositPayment(ctx, order)
  return { status, account: await accountDetails(ctx), ...(await cabinetAfterPayment(ctx, cabinetId)) }
}

/** Refunds the balance: the refund made and the account the deposit screen shows next. */
export async function refundDeposit(ctx: ActionContext) {
  const refund = await refundBalance(ctx)
  return { refund: refundView(refund), account: await accountDetails(ctx) }
}
