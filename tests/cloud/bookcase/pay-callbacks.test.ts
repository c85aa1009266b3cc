/**
 * WeChat Pay as the real SDK and the real callbacks deliver it: a retried payment after success is
 * "已缴纳"; refund results arrive flat (cloudPay) or with WeChat Pay's `req_info` (camel- or snake_case),
 * recorded here as documented (https://pay.weixin.qq.com/doc/v2/partner/4011989265, the cloudPay
 * callback protocol), and each settles the refund once.
 */
import { DAY, createBookcase, expectOk, type Bookcase } from './support'

const WORKER = 'local-volunteer-2'

/** A refund notification as cloudPay hands it to the callback function: flat, camelCased. */
const flatRefundNotice = (outRefundNo: string, refundStatus: string) => ({
  returnCode: 'SUCCESS',
  appid: 'wxd2565e6a04246fd1',
  mchId: '1800780001',
  subAppid: 'wxd2565e6a04246fd1',
  subMchId: '1712734762',
  nonceStr: 'f6444fd22de27b16',
  transactionId: '4200000215201811190261405420',
  outTradeNo: 'ignored-by-the-handler',
  refundId: '50000408942018111907145868882',
  outRefundNo,
  totalFee: 4500,
  settlementTotalFee: 4500,
  refundFee: 4500,
  settlementRefundFee: 4500,
  refundStatus,
  successTime: '2018-11-19 16:24:13',
  refundRecvAccout: '支付用户零钱',
  refundAccount: 'REFUND_SOURCE_RECHARGE_FUNDS',
  refundRequestSource: 'API',
})

/** WeChat Pay's refund notification with its decrypted req_info (the documented example's fields). */
const reqInfoRefundNotice = (outRefundNo: string, refundStatus: string) => ({
  return_code: 'SUCCESS',
  appid: 'wx2421b1c4370ec43b',
  mch_id: '10000100',
  nonce_str: 'TeqClE3i0mvn3DrK',
  req_info: {
    out_refund_no: outRefundNo,
    out_trade_no: '71106718111915575302817',
    refund_account: 'REFUND_SOURCE_RECHARGE_FUNDS',
    refund_fee: '4500',
    refund_id: '50000408942018111907145868882',
    refund_recv_accout: '支付用户零钱',
    refund_request_source: 'API',
    refund_status: refundStatus,
    settlement_refund_fee: '4500',
    settlement_total_fee: '4500',
    success_time: '2018-11-19 16:24:13',
    total_fee: '4500',
    transaction_id: '4200000215201811190261405420',
  },
})

/** The same, camelCased as cloudPay converts WeChat Pay's fields. */
const camelReqInfoRefundNotice = (outRefundNo: string, refundStatus: string) => ({
  returnCode: 'SUCCESS',
  appid: 'wx2421b1c4370ec43b',
  mchId: '10000100',
  nonceStr: 'TeqClE3i0mvn3DrK',
  reqInfo: { outRefundNo, outTradeNo: '71106718111915575302817', refundFee: 4500, refundStatus, totalFee: 4500 },
})

describe('WeChat Pay answers and callbacks', () => {
  let h: Bookcase
  beforeEach(async () => {
    h = await createBookcase()
  })
  afterEach(() => h.runtime.close())

  const callback = (event: object) => h.runtime.invoke('payNotify', event, { OPENID: '', SOURCE: 'wx_paycallback' })

  async function sentRefund(): Promise<string> {
    await h.payDeposit(WORKER)
    expectOk(await h.runtime.call('bookcase', WORKER, { action: 'refundDeposit' }))
    const [refund] = await h.runtime.cloud.refunds.list()
    return refund.outRefundNo
  }

  test('a payment retried after WeChat Pay took it (callback still on its way) answers 已缴纳, and pays once', async () => {
    const first = expectOk<any>(await h.runtime.call('bookcase', WORKER, { action: 'payDeposit' }))
    await h.runtime.cloud.payments.settle(first.outTradeNo, true, { notify: false })
    const retried = expectOk<any>(await h.runtime.call('bookcase', WORKER, { action: 'payDeposit' }))
    expect(retried).toMatchObject({ paid: true, outTradeNo: first.outTradeNo, message: '押金已缴纳' })
    expect(await h.runtime.cloud.payments.list()).toHaveLength(1)
    await h.runtime.cloud.payments.settle(first.outTradeNo, true)
    expect(await h.account(WORKER)).toMatchObject({ balance: 4500, status: 'active' })
  })

  test('the orders carry a fresh nonceStr and this environment as envId, and the local answer is the SDK shape', async () => {
    const first = expectOk<any>(await h.runtime.call('bookcase', WORKER, { action: 'payDeposit' }))
    const [order] = await h.runtime.cloud.payments.list()
    expect(order).toMatchObject({ envId: h.runtime.cloud.envId, functionName: 'payNotify', subMchId: 'local-sub-mch' })
    expect(order.result).toMatchObject({ errCode: 0, errMsg: 'cloudPay.unifiedOrder:ok', returnCode: 'SUCCESS', resultCode: 'SUCCESS' })
    expect(order.result.nonceStr).toMatch(/^[0-9a-f]{32}$/)
    expect(first.payment.nonceStr).toBe(order.result.nonceStr)
  })

  test('an order paid over a year ago goes to the manual refund list, not back to WeChat Pay', async () => {
    await h.payDeposit(WORKER)
    await h.advance(366 * DAY)
    const { refund } = expectOk<any>(await h.runtime.call('bookcase', WORKER, { action: 'refundDeposit' }))
    expect(refund).toMatchObject({ status: 'manual', manualAmount: 4500 })
    expect(await h.runtime.cloud.refunds.list()).toEqual([])
    const listed = expectOk<any>(await h.runtime.call('bookcase', 'local-admin', { action: 'manualRefunds' }))
    expect(JSON.stringify(listed)).toContain(refund.refundId)
  })

  for (const [form, notice] of [
    ['flat (cloudPay)', flatRefundNotice],
    ['req_info, snake_case', reqInfoRefundNotice],
    ['reqInfo, camelCase', camelReqInfoRefundNotice],
  ] as const) {
    test(`a refund result in the ${form} form settles the refund once`, async () => {
      const outRefundNo = await sentRefund()
      expect(await callback(notice(outRefundNo, 'SUCCESS'))).toEqual({ errcode: 0, errmsg: 'OK' })
      expect(await callback(notice(outRefundNo, 'SUCCESS'))).toEqual({ errcode: 0, errmsg: 'OK' })
      expect((await h.account(WORKER)).refund).toMatchObject({ status: 'succeeded', message: '已退还 45 元' })
    })
  }

  test('a refund WeChat Pay closed (req_info REFUNDCLOSE) goes to the staff to pay by hand', async () => {
    const outRefundNo = await sentRefund()
    expect(await callback(reqInfoRefundNotice(outRefundNo, 'REFUNDCLOSE'))).toEqual({ errcode: 0, errmsg: 'OK' })
    expect((await h.account(WORKER)).refund).toMatchObject({ status: 'manual' })
  })

  test('only WeChat Pay may call the callback', async () => {
    const outRefundNo = await sentRefund()
    expect(
      await h.runtime.invoke('payNotify', reqInfoRefundNotice(outRefundNo, 'SUCCESS'), { OPENID: WORKER, SOURCE: 'wx_client' }),
    ).toMatchObject({
      errcode: 1,
    })
  })
})
