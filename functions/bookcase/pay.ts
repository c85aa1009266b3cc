/** WeChat Pay through cloudPay: what every call needs, and how its answers are read. */
import { randomBytes } from 'crypto'
import type { ActionContext } from '../_lib/define'
import { ConfigurationError, requireSetting } from '../_lib/env'

export const PAY_CALLBACK_FUNCTION = 'payNotify'

/** An order or refund number: the prefix says which (BK…, RF…), the rest is random. */
export function newTradeNo(prefix: string): string {
  return `${prefix}${randomBytes(12).toString('hex')}`
}

/**
 * What every cloudPay call needs from the configuration: the sub-merchant (PAY_MCH_ID, no default) and
 * the environment whose `payNotify` receives the result — the one this function runs in (the WeChat
 * context's ENV, i.e. DYNAMIC_CURRENT_ENV), never a guess.
 */
export function payTarget(ctx: ActionContext) {
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

/**
 * What unifiedOrder's `payment` holds: the parameters of the app's wx.requestPayment, passed on as they are.
 * https://developers.weixin.qq.com/miniprogram/dev/api/payment/wx.requestPayment.html
 */
export interface PaymentSheet {
  timeStamp: string
  nonceStr: string
  package: string
  signType: 'MD5' | 'HMAC-SHA256' | 'RSA'
  paySign: string
}

/** ORDERPAID: "该订单已支付" (unifiedorder error codes, WeChat Pay v2). */
export const ORDER_PAID = /ORDERPAID|已支付/
/** TRADE_OVERDUE: "订单已经超过退款期限" — refunds are possible for one year after payment. */
export const TRADE_OVERDUE = /TRADE_OVERDUE|超过退款期限/
