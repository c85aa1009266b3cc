/**
 * WeChat Pay through `cloud.cloudPay`, simulated: orders are recorded; the local controls settle them,
 * which calls the order's callback function as WeChat Pay would (SOURCE `wx_paycallback`).
 * Answers have the real SDK's shape (wx-server-sdk 3.0.4 callCloudPayAPI): WeChat Pay's answer camelCased
 * with `errCode: 0, errMsg: 'cloudPay.<api>:ok'` laid over it — WeChat Pay's own err_code is overwritten,
 * so a refusal shows only as `resultCode: 'FAIL'` with its reason in `errCodeDes`. `nonceStr` is required
 * (CloudPay.unifiedOrder / refund parameter tables), and `envId` must name this environment, whose
 * `functionName` receives the result.
 * Behaviour copied from WeChat Pay (v2, which cloudPay wraps):
 * - unifiedOrder is idempotent per outTradeNo (same parameters → same prepay id; different parameters →
 *   "201 商户订单号重复"; an order already paid → ORDERPAID);
 * - refund is idempotent per outRefundNo; refunds are refused for unknown or unpaid orders (ORDERNOTEXIST),
 *   when totalFee differs from the order's, when the refunds would exceed the amount paid, and for
 *   orders paid more than a year ago (TRADE_OVERDUE).
 */
import { randomBytes } from 'crypto'
import type { CloudPayOrder, CloudPayOrderQuery, CloudPayRefund } from '../../functions/_lib/sdk'
import { RecordBook } from './records'

export interface WXContextLike {
  OPENID: string
  SOURCE: string
  APPID?: string
  UNIONID?: string
}

export type Invoke = (name: string, data: any, context: WXContextLike) => Promise<any>

export interface Order {
  outTradeNo: string
  body: string
  totalFee: number
  subMchId: string
  envId: string
  functionName: string
  spbillCreateIp: string
  tradeType: string
  attach?: string
  /** OPENID of the payer: the user on whose behalf unifiedOrder was called */
  payer: string
  appId: string
  /** NOTPAY until settled; SUCCESS when paid; PAYERROR when the payment failed */
  status: 'NOTPAY' | 'SUCCESS' | 'PAYERROR'
  prepayId: string
  createdAt: Date
  paidAt?: Date
  transactionId?: string
  /** sum of the refunds requested (and not failed) */
  refundedFee: number
  /** what unifiedOrder answered */
  result: Record<string, any>
  seq: number
}

export interface Refund {
  outRefundNo: string
  outTradeNo: string
  refundId: string
  totalFee: number
  refundFee: number
  functionName?: string
  /** PROCESSING until settled (WeChat Pay refunds asynchronously), then SUCCESS or CHANGE (failed) */
  status: 'PROCESSING' | 'SUCCESS' | 'CHANGE'
  createdAt: Date
  settledAt?: Date
  result: Record<string, any>
  seq: number
}

const SP_APPID = 'wx-local-sp-appid'
const SP_MCHID = 'local-mch-id'
const YEAR_MS = 365 * 24 * 3600 * 1000

const rand = (n: number) => randomBytes(n).toString('hex')
const digits = (n: number) => Array.from(randomBytes(n), (b) => String(b % 10)).join('')

/** WeChat Pay's time format (Beijing time): yyyyMMddHHmmss, or `yyyy-MM-dd HH:mm:ss` with `sep`. */
export function payTime(d: Date, sep = false): string {
  const t = new Date(d.getTime() + 8 * 3600 * 1000)
  const p = (x: number) => String(x).padStart(2, '0')
  const [Y, M, D, h, m, s] = [
    t.getUTCFullYear(),
    p(t.getUTCMonth() + 1),
    p(t.getUTCDate()),
    p(t.getUTCHours()),
    p(t.getUTCMinutes()),
    p(t.getUTCSeconds()),
  ]
  return sep ? `${Y}-${M}-${D} ${h}:${m}:${s}` : `${Y}${M}${D}${h}${m}${s}`
}

class Mutex {
  private last: Promise<unknown> = Promise.resolve()
  run<T>(fn: () => Promise<T>): Promise<T> {
    const r = this.last.then(fn)
    this.last = r.catch(() => undefined)
    return r
  }
}

export class Payments {
  readonly orders: RecordBook<Order>
  readonly refunds: RecordBook<Refund>
  private mutex = new Mutex()
  private seq = Date.now()

  constructor(
    dataDir: string | undefined,
    private now: () => Date,
    private invoke: Invoke,
    private envId: string,
  ) {
    this.orders = new RecordBook<Order>(dataDir, 'payments', 'outTradeNo')
    this.refunds = new RecordBook<Refund>(dataDir, 'refunds', 'outRefundNo')
  }

  private base(apiName: string, subMchId: string, appId: string) {
    return {
      returnCode: 'SUCCESS',
      returnMsg: 'OK',
      appid: SP_APPID,
      mchId: SP_MCHID,
      subAppid: appId,
      subMchId,
      nonceStr: rand(8),
      sign: 'LOCAL-FAKE-SIGN',
      errCode: 0,
      errMsg: `${apiName}:ok`,
    }
  }

  /** A business refusal: `errCode` (e.g. ORDERPAID) is WeChat Pay's, lost under the SDK's `errCode: 0`. */
  private fail(apiName: string, subMchId: string, appId: string, errCode: string, errCodeDes: string) {
    void errCode
    return { ...this.base(apiName, subMchId, appId), resultCode: 'FAIL', errCodeDes }
  }

  private paramError(apiName: string, msg: string) {
    return { returnCode: 'FAIL', returnMsg: msg, errCode: 0, errMsg: `${apiName}:ok` }
  }

  unifiedOrder(o: CloudPayOrder & Record<string, any>, ctx: WXContextLike): Promise<Record<string, any>> {
    const api = 'cloudPay.unifiedOrder'
    return this.mutex.run(async () => {
      for (const k of ['body', 'outTradeNo', 'spbillCreateIp', 'subMchId', 'envId', 'functionName', 'nonceStr'] as const) {
        if (typeof o?.[k] !== 'string' || !o[k]) return this.paramError(api, `缺少参数 ${k}`)
      }
      if (o.nonceStr!.length > 32) return this.paramError(api, 'nonceStr 不能长于 32 位')
      if (o.envId !== this.envId) return this.paramError(api, `envId ${o.envId} 不是当前云环境`)
      if (!/^[0-9A-Za-z_\-|*@]{1,32}$/.test(o.outTradeNo))
        return this.paramError(api, 'outTradeNo 格式错误：32 个字符内，只能是数字、大小写字母_-|*@')
      if (!Number.isInteger(o.totalFee) || o.totalFee < 1) return this.paramError(api, 'totalFee 必须为正整数（分）')
      const appId = ctx.APPID ?? 'local-appid'
      const payer = o.subOpenid ?? o.openid ?? ctx.OPENID
      const existing = await this.orders.get(o.outTradeNo)
      if (existing) {
        if (existing.status === 'SUCCESS') return this.fail(api, o.subMchId, appId, 'ORDERPAID', '该订单已支付')
        const same =
          existing.totalFee === o.totalFee && existing.body === o.body && existing.subMchId === o.subMchId && existing.payer === payer
        if (!same) return this.fail(api, o.subMchId, appId, 'INVALID_REQUEST', '201 商户订单号重复')
        return existing.result
      }
      const now = this.now()
      const prepayId = `wx${payTime(now)}${rand(10)}`
      const nonceStr = o.nonceStr!
      const result = {
        ...this.base(api, o.subMchId, appId),
        nonceStr,
        resultCode: 'SUCCESS',
        tradeType: o.tradeType ?? 'JSAPI',
        prepayId,
        payment: {
          appId,
          timeStamp: String(Math.floor(now.getTime() / 1000)),
          nonceStr,
          package: `prepay_id=${prepayId}`,
          signType: 'MD5',
          paySign: 'LOCAL-FAKE-PAYSIGN',
        },
      }
      const order: Order = {
        outTradeNo: o.outTradeNo,
        body: o.body,
        totalFee: o.totalFee,
        subMchId: o.subMchId,
        envId: o.envId,
        functionName: o.functionName,
        spbillCreateIp: o.spbillCreateIp,
        tradeType: o.tradeType ?? 'JSAPI',
        ...(o.attach !== undefined ? { attach: String(o.attach) } : {}),
        payer,
        appId,
        status: 'NOTPAY',
        prepayId,
        createdAt: now,
        refundedFee: 0,
        result,
        seq: this.seq++,
      }
      await this.orders.put(order)
      return result
    })
  }

  /**
   * CloudPay.queryOrder (WeChat Pay v2 orderquery): `tradeState` SUCCESS / NOTPAY / PAYERROR; the payment's
   * details only for a paid order; an unknown order is refused (ORDERNOTEXIST).
   * https://developers.weixin.qq.com/miniprogram/dev/wxcloud/reference-sdk-api/open/pay/CloudPay.queryOrder.html
   */
  async queryOrder(q: CloudPayOrderQuery & Record<string, any>, ctx: WXContextLike): Promise<Record<string, any>> {
    const api = 'cloudPay.queryOrder'
    for (const k of ['subMchId', 'nonceStr'] as const) {
      if (typeof q?.[k] !== 'string' || !q[k]) return this.paramError(api, `缺少参数 ${k}`)
    }
    if (q.nonceStr.length > 32) return this.paramError(api, 'nonceStr 不能长于 32 位')
    if (!q.outTradeNo && !q.transactionId) return this.paramError(api, 'transactionId 和 outTradeNo 须填一个')
    const appId = ctx.APPID ?? 'local-appid'
    const order = q.transactionId
      ? (await this.orders.list()).find((o) => o.transactionId === q.transactionId)
      : await this.orders.get(q.outTradeNo!)
    if (!order || order.subMchId !== q.subMchId) return this.fail(api, q.subMchId, appId, 'ORDERNOTEXIST', '此交易订单号不存在')
    const paid = order.status === 'SUCCESS'
    const stateText = { SUCCESS: '支付成功', NOTPAY: '订单未支付', PAYERROR: '支付失败(其他原因，如银行返回失败)' }
    return {
      ...this.base(api, q.subMchId, appId),
      resultCode: 'SUCCESS',
      outTradeNo: order.outTradeNo,
      tradeState: order.status,
      tradeStateDesc: stateText[order.status],
      ...(order.attach !== undefined ? { attach: order.attach } : {}),
      ...(paid
        ? {
            openid: `sp-${order.payer}`,
            subOpenid: order.payer,
            tradeType: order.tradeType,
            bankType: 'OTHERS',
            totalFee: order.totalFee,
            feeType: 'CNY',
            cashFee: order.totalFee,
            transactionId: order.transactionId,
            ...(order.paidAt ? { timeEnd: payTime(order.paidAt) } : {}),
          }
        : {}),
    }
  }

  /** What the callback function receives, shaped as cloudPay's payment-result notification. */
  private notification(order: Order): Record<string, any> {
    const ok = order.status === 'SUCCESS'
    return {
      returnCode: 'SUCCESS',
      appid: SP_APPID,
      mchId: SP_MCHID,
      subAppid: order.appId,
      subMchId: order.subMchId,
      nonceStr: rand(8),
      resultCode: ok ? 'SUCCESS' : 'FAIL',
      ...(ok ? {} : { errCode: 'PAYERROR', errCodeDes: '支付失败' }),
      openid: `sp-${order.payer}`,
      isSubscribe: 'N',
      subOpenid: order.payer,
      subIsSubscribe: 'N',
      tradeType: order.tradeType,
      bankType: 'OTHERS',
      totalFee: order.totalFee,
      feeType: 'CNY',
      cashFee: order.totalFee,
      outTradeNo: order.outTradeNo,
      ...(order.attach !== undefined ? { attach: order.attach } : {}),
      ...(ok && order.transactionId ? { transactionId: order.transactionId } : {}),
      ...(ok && order.paidAt ? { timeEnd: payTime(order.paidAt) } : {}),
      userInfo: { appId: order.appId, openId: order.payer },
    }
  }

  /**
   * The user paid (succeed) or the payment failed: record it and deliver the notification to the
   * order's callback function. Settling a paid order again re-delivers the same notification, as
   * WeChat Pay does when a callback does not acknowledge. Returns what the callback returned.
   */
  async settle(outTradeNo: string, succeed: boolean, options: { notify?: boolean } = {}): Promise<any> {
    const order = await this.mutex.run(async () => {
      const o = await this.orders.get(outTradeNo)
      if (!o) throw new Error(`no payment order ${outTradeNo}`)
      if (succeed) {
        if (o.status !== 'SUCCESS') {
          o.status = 'SUCCESS'
          o.paidAt = this.now()
          o.transactionId = `4200${digits(24)}`
        }
      } else {
        if (o.status === 'SUCCESS') throw new Error(`payment order ${outTradeNo} is already paid`)
        o.status = 'PAYERROR'
      }
      await this.orders.put(o)
      return o
    })
    // notify: false — the notification is still on its way (WeChat Pay delivers it asynchronously).
    if (options.notify === false) return undefined
    return this.invoke(order.functionName, this.notification(order), {
      OPENID: order.payer,
      SOURCE: 'wx_paycallback',
      APPID: order.appId,
    })
  }

  /** Pretend an order was paid at `paidAt` (e.g. more than a year ago). */
  async backdate(outTradeNo: string, paidAt: Date): Promise<void> {
    await this.mutex.run(async () => {
      const o = await this.orders.get(outTradeNo)
      if (!o) throw new Error(`no payment order ${outTradeNo}`)
      if (o.status !== 'SUCCESS') throw new Error(`payment order ${outTradeNo} is not paid`)
      o.paidAt = paidAt
      await this.orders.put(o)
    })
  }

  refund(r: CloudPayRefund & Record<string, any>, ctx: WXContextLike): Promise<Record<string, any>> {
    const api = 'cloudPay.refund'
    return this.mutex.run(async () => {
      for (const k of ['outTradeNo', 'outRefundNo', 'subMchId', 'envId', 'nonceStr'] as const) {
        if (typeof r?.[k] !== 'string' || !r[k]) return this.paramError(api, `缺少参数 ${k}`)
      }
      if (r.envId !== this.envId) return this.paramError(api, `envId ${r.envId} 不是当前云环境`)
      if (!Number.isInteger(r.totalFee) || r.totalFee < 1) return this.paramError(api, 'totalFee 必须为正整数（分）')
      if (!Number.isInteger(r.refundFee) || r.refundFee < 1) return this.paramError(api, 'refundFee 必须为正整数（分）')
      const appId = ctx.APPID ?? 'local-appid'
      const previous = await this.refunds.get(r.outRefundNo)
      if (previous) {
        if (previous.outTradeNo === r.outTradeNo && previous.refundFee === r.refundFee && previous.totalFee === r.totalFee) {
          return previous.result
        }
        return this.fail(api, r.subMchId, appId, 'INVALID_REQUEST', '订单金额或退款金额与之前请求不一致，请核实后再试')
      }
      const order = await this.orders.get(r.outTradeNo)
      if (!order || order.status !== 'SUCCESS') {
        return this.fail(
          api,
          r.subMchId,
          appId,
          'ORDERNOTEXIST',
          '订单号不存在：请检查订单号是否正确且是否已支付，未支付的订单不能发起退款',
        )
      }
      if (order.totalFee !== r.totalFee) {
        return this.fail(api, r.subMchId, appId, 'INVALID_REQUEST', '订单金额或退款金额与之前请求不一致，请核实后再试')
      }
      if (order.paidAt && this.now().getTime() - new Date(order.paidAt).getTime() > YEAR_MS) {
        return this.fail(api, r.subMchId, appId, 'TRADE_OVERDUE', '订单已经超过退款期限（支付后一年内可退款）')
      }
      if (order.refundedFee + r.refundFee > order.totalFee) {
        return this.fail(api, r.subMchId, appId, 'ERROR', '申请退款金额超过订单可退金额，请核实后再试')
      }
      const refundId = `50000${digits(24)}`
      const result = {
        ...this.base(api, r.subMchId, appId),
        resultCode: 'SUCCESS',
        transactionId: order.transactionId,
        outTradeNo: r.outTradeNo,
        outRefundNo: r.outRefundNo,
        refundId,
        refundFee: r.refundFee,
        totalFee: r.totalFee,
        cashFee: order.totalFee,
        cashRefundFee: r.refundFee,
        couponRefundFee: 0,
        refundChannel: '',
      }
      order.refundedFee += r.refundFee
      await this.orders.put(order)
      await this.refunds.put({
        outRefundNo: r.outRefundNo,
        outTradeNo: r.outTradeNo,
        refundId,
        totalFee: r.totalFee,
        refundFee: r.refundFee,
        ...(r.functionName ? { functionName: r.functionName } : {}),
        status: 'PROCESSING',
        createdAt: this.now(),
        result,
        seq: this.seq++,
      })
      return result
    })
  }

  /**
   * Complete a refund (WeChat Pay refunds asynchronously) and deliver the refund notification to the
   * refund's callback function, if it named one. Returns what the callback returned.
   */
  async settleRefund(outRefundNo: string, succeed = true): Promise<any> {
    const refund = await this.mutex.run(async () => {
      const rf = await this.refunds.get(outRefundNo)
      if (!rf) throw new Error(`no refund ${outRefundNo}`)
      if (rf.status === 'PROCESSING') {
        rf.status = succeed ? 'SUCCESS' : 'CHANGE'
        rf.settledAt = this.now()
        await this.refunds.put(rf)
        if (!succeed) {
          const o = await this.orders.get(rf.outTradeNo)
          if (o) {
            o.refundedFee -= rf.refundFee
            await this.orders.put(o)
          }
        }
      }
      return rf
    })
    if (!refund.functionName) return undefined
    const order = await this.orders.get(refund.outTradeNo)
    const event = {
      returnCode: 'SUCCESS',
      appid: SP_APPID,
      mchId: SP_MCHID,
      subAppid: order?.appId,
      subMchId: order?.subMchId,
      nonceStr: rand(8),
      transactionId: order?.transactionId,
      outTradeNo: refund.outTradeNo,
      refundId: refund.refundId,
      outRefundNo: refund.outRefundNo,
      totalFee: refund.totalFee,
      settlementTotalFee: refund.totalFee,
      refundFee: refund.refundFee,
      settlementRefundFee: refund.refundFee,
      refundStatus: refund.status,
      ...(refund.settledAt && refund.status === 'SUCCESS' ? { successTime: payTime(new Date(refund.settledAt), true) } : {}),
      refundRecvAccout: '支付用户零钱',
      refundAccount: 'REFUND_SOURCE_UNSETTLED_FUNDS',
      refundRequestSource: 'API',
    }
    return this.invoke(refund.functionName, event, {
      OPENID: order?.payer ?? '',
      SOURCE: 'wx_paycallback',
      APPID: order?.appId,
    })
  }

  async clear(): Promise<void> {
    await this.mutex.run(async () => {
      await this.orders.clear()
      await this.refunds.clear()
    })
  }

  async close(): Promise<void> {
    await this.orders.close()
    await this.refunds.close()
  }
}
