/**
 * payNotify: WeChat Pay's result callbacks for deposit payments and refunds (cloudPay calls the
 * function named in the order). Only WeChat Pay may call it: any other SOURCE is refused, so a client
 * cannot announce its own payment. Duplicate and late notices change nothing twice (deposit.ts).
 */
import { action, defineFunction, type ActionContext, type FunctionDefinition, type DeployOptions } from '../_lib/define'
import { AppError } from '../_lib/envelope'
import * as s from '../_lib/schema'
import { settleDepositPayment } from '../bookcase/deposit'
import { settleRefundNotice } from '../bookcase/refund'

/** What cloudPay expects back: errcode 0 acknowledges; anything else makes WeChat Pay retry. */
export interface PayCallbackAnswer {
  errcode: number
  errmsg: string
}

function requirePayCallback(ctx: ActionContext): void {
  if (!ctx.source.split(',').includes('wx_paycallback')) throw new AppError('FORBIDDEN', '仅限微信支付回调')
}

/** What CloudBase must know to run it: written into config.json and cloudbaserc.json by the build. */
const deployment: DeployOptions = {
  // a transaction on the order and the account; WeChat Pay calls again when it does not answer in time
  timeoutSeconds: 10,
}

const callbackActions = defineFunction('payNotify', deployment, {
  paymentResult: action({
    access: 'system',
    input: s.object({
      outTradeNo: s.string({ min: 1, max: 32 }),
      resultCode: s.string({ min: 1, max: 16 }),
      totalFee: s.integer({ min: 0 }),
      subOpenid: s.optional(s.string({ max: 64 })),
    }),
    async handler(ctx, notice) {
      requirePayCallback(ctx)
      const outcome = await settleDepositPayment(ctx, notice)
      ctx.log.info('paymentNotice', { outTradeNo: notice.outTradeNo, outcome })
      return { outcome }
    },
  }),
  refundResult: action({
    access: 'system',
    input: s.object({ outRefundNo: s.string({ min: 1, max: 64 }), refundStatus: s.string({ min: 1, max: 16 }) }),
    async handler(ctx, notice) {
      requirePayCallback(ctx)
      const outcome = await settleRefundNotice(ctx, notice)
      ctx.log.info('refundNotice', { outRefundNo: notice.outRefundNo, outcome })
      return { outcome }
    },
  }),
})

const camelCase = (key: string) => key.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase())

/**
 * The refund result reaches the callback in one of two documented forms: flat, as cloudPay hands its
 * notifications over (camelCased fields: `outRefundNo`, `refundStatus` …), or as WeChat Pay's refund
 * notification whose decrypted `req_info` carries those fields (nested as `reqInfo` / `req_info`, keys
 * camel- or snake_case). https://pay.weixin.qq.com/doc/v2/partner/4011989265 (退款结果通知, req_info)
 * Both become the flat form; a payment result passes unchanged.
 */
export function flattenNotice(event: unknown): Record<string, unknown> {
  const notice = typeof event === 'object' && event !== null ? (event as Record<string, unknown>) : {}
  const nested = notice.reqInfo ?? notice.req_info
  if (typeof nested !== 'object' || nested === null) return notice
  const fields = Object.fromEntries(Object.entries(nested as Record<string, unknown>).map(([key, value]) => [camelCase(key), value]))
  return { ...fields, returnCode: notice.returnCode ?? notice.return_code }
}

export const payNotifyFunction: FunctionDefinition<PayCallbackAnswer> = {
  name: 'payNotify',
  actions: callbackActions.actions,
  deploy: callbackActions.deploy,
  createMain(deps) {
    const main = callbackActions.createMain(deps)
    return async (event) => {
      const notice = flattenNotice(event)
      const answer = await main({ ...notice, action: 'outRefundNo' in notice ? 'refundResult' : 'paymentResult' })
      return answer.ok ? { errcode: 0, errmsg: 'OK' } : { errcode: 1, errmsg: answer.message }
    }
  },
}
