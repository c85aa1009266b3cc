/**
 * The rest of the wx-server-sdk surface: WeChat context, callFunction, cloudPay (orders, callbacks,
 * refunds), subscription messages, storage, persistence and reset.
 */
import * as fs from 'fs'
import * as path from 'path'
import { createLocalCloud } from '../../../local-cloud/sdk'
import { Harness, TestClock, makeCloud, rejection, testCollections, tmpDir } from './helpers'

let h: Harness

beforeEach(() => {
  h = makeCloud()
})

afterEach(async () => {
  await h.cloud.close()
})

const order = (over: Record<string, any> = {}) => ({
  body: '书柜押金',
  outTradeNo: 'DEP20240501001',
  spbillCreateIp: '127.0.0.1',
  subMchId: '1900000109',
  totalFee: 4500,
  envId: h.cloud.envId,
  functionName: 'payNotify',
  nonceStr: '5K8264ILTKCH16CQ2502SI8ZNMTM67VS',
  ...over,
})

const refund = (over: Record<string, any> = {}) => ({
  outTradeNo: 'DEP20240501001',
  outRefundNo: 'RF20240501001',
  totalFee: 4500,
  refundFee: 4500,
  subMchId: '1900000109',
  envId: h.cloud.envId,
  functionName: 'refundNotify',
  nonceStr: 'C380BEC2BFD727A4B6845133519F3AD6',
  ...over,
})

describe('context and functions', () => {
  test('getWXContext() answers the invocation context', () => {
    expect(h.sdk.getWXContext()).toEqual({ OPENID: 'user-1', APPID: 'local-appid', SOURCE: 'wx_client', ENV: h.cloud.envId })
    const trigger = h.cloud.sdkFor({ OPENID: '', SOURCE: 'wx_trigger', APPID: 'wx123' }).getWXContext()
    expect(trigger).toMatchObject({ SOURCE: 'wx_trigger', APPID: 'wx123', ENV: h.cloud.envId })
  })

  test('callFunction() invokes with the caller OPENID and SOURCE "<caller>,scf"; results travel as JSON', async () => {
    h.handlers.echo = (data) => ({ got: data, at: new Date('2024-05-01T00:00:00Z') })
    const res = await h.sdk.callFunction({ name: 'echo', data: { action: 'ping', n: 1 } })
    expect(res.result).toEqual({ got: { action: 'ping', n: 1 }, at: '2024-05-01T00:00:00.000Z' })
    expect(h.calls[0]).toEqual({ name: 'echo', data: { action: 'ping', n: 1 }, context: { OPENID: 'user-1', SOURCE: 'wx_client,scf' } })
  })

  test('callFunction() rejects when the function fails', async () => {
    h.handlers.bad = () => {
      throw new Error('kaput')
    }
    const err = await rejection(h.sdk.callFunction({ name: 'bad' }))
    expect(err.errCode).toBe(-504002)
    expect(err.message).toMatch(/^callFunction:fail -504002 functions execute fail/)
    expect(err.message).toMatch(/kaput/)
  })

  test('init() is a no-op and DYNAMIC_CURRENT_ENV is a constant', () => {
    expect(() => h.sdk.init({ env: h.sdk.DYNAMIC_CURRENT_ENV })).not.toThrow()
    expect(typeof h.sdk.DYNAMIC_CURRENT_ENV).toBe('symbol')
  })
})

describe('cloudPay', () => {
  test('unifiedOrder records a pending order and answers like production (payment for wx.requestPayment)', async () => {
    const res = await h.sdk.cloudPay.unifiedOrder(order())
    expect(res).toMatchObject({ returnCode: 'SUCCESS', resultCode: 'SUCCESS', errCode: 0, errMsg: 'cloudPay.unifiedOrder:ok' })
    expect(res.payment).toEqual({
      appId: 'local-appid',
      timeStamp: String(Math.floor(h.clock.now().getTime() / 1000)),
      nonceStr: expect.any(String),
      package: `prepay_id=${res.prepayId}`,
      signType: 'MD5',
      paySign: expect.stringMatching(/FAKE/),
    })
    const [o] = await h.cloud.payments.list()
    expect(o).toMatchObject({ outTradeNo: 'DEP20240501001', totalFee: 4500, payer: 'user-1', status: 'NOTPAY', functionName: 'payNotify' })
    expect(o.createdAt).toEqual(h.clock.now())
  })

  test('nonceStr is required and envId must name this environment (the parameter table of CloudPay.unifiedOrder)', async () => {
    const { nonceStr: _dropped, ...withoutNonce } = order()
    void _dropped
    expect(await h.sdk.cloudPay.unifiedOrder(withoutNonce as any)).toMatchObject({ returnCode: 'FAIL', errCode: 0 })
    expect(await h.sdk.cloudPay.unifiedOrder(order({ envId: 'local' }))).toMatchObject({ returnCode: 'FAIL', errCode: 0 })
    expect(await h.sdk.cloudPay.refund(refund({ nonceStr: undefined }))).toMatchObject({ returnCode: 'FAIL', errCode: 0 })
    expect(await h.cloud.payments.list()).toHaveLength(0)
  })

  test('unifiedOrder is idempotent per outTradeNo; different parameters or a paid order are refused', async () => {
    const first = await h.sdk.cloudPay.unifiedOrder(order())
    const again = await h.sdk.cloudPay.unifiedOrder(order())
    expect(again.prepayId).toBe(first.prepayId)
    expect(await h.cloud.payments.list()).toHaveLength(1)
    const changed = await h.sdk.cloudPay.unifiedOrder(order({ totalFee: 100 }))
    expect(changed).toMatchObject({
      returnCode: 'SUCCESS',
      resultCode: 'FAIL',
      errCode: 0,
      errCodeDes: expect.stringMatching(/重复|不一致/),
    })
    h.handlers.payNotify = () => ({ errcode: 0, errmsg: 'OK' })
    await h.cloud.payments.settle('DEP20240501001', true)
    expect(await h.sdk.cloudPay.unifiedOrder(order())).toMatchObject({ resultCode: 'FAIL', errCode: 0, errCodeDes: '该订单已支付' })
  })

  test('settle(success) calls the callback function with a payment notification, SOURCE wx_paycallback', async () => {
    await h.sdk.cloudPay.unifiedOrder(order({ attach: 'deposit' }))
    h.handlers.payNotify = () => ({ errcode: 0, errmsg: 'OK' })
    h.clock.advance(60_000)
    const answer = await h.cloud.payments.settle('DEP20240501001', true)
    expect(answer).toEqual({ errcode: 0, errmsg: 'OK' })
    expect(h.calls).toHaveLength(1)
    const { name, data, context } = h.calls[0]
    expect(name).toBe('payNotify')
    expect(context).toEqual({ OPENID: 'user-1', SOURCE: 'wx_paycallback', APPID: 'local-appid' })
    expect(data).toMatchObject({
      returnCode: 'SUCCESS',
      resultCode: 'SUCCESS',
      outTradeNo: 'DEP20240501001',
      totalFee: 4500,
      cashFee: 4500,
      subMchId: '1900000109',
      subOpenid: 'user-1',
      attach: 'deposit',
      transactionId: expect.stringMatching(/^\d{28}$/),
      timeEnd: '20240501100100', // Beijing time of the clock
      userInfo: { openId: 'user-1', appId: 'local-appid' },
    })
    const [o] = await h.cloud.payments.list()
    expect(o.status).toBe('SUCCESS')
    expect(o.paidAt).toEqual(h.clock.now())
    // WeChat Pay may notify again: settling again re-delivers the same notification
    await h.cloud.payments.settle('DEP20240501001', true)
    expect(h.calls[1].data.transactionId).toBe(data.transactionId)
  })

  test('settle(failure) notifies a failed payment', async () => {
    await h.sdk.cloudPay.unifiedOrder(order())
    h.handlers.payNotify = () => ({ errcode: 0, errmsg: 'OK' })
    await h.cloud.payments.settle('DEP20240501001', false)
    expect(h.calls[0].data).toMatchObject({ returnCode: 'SUCCESS', resultCode: 'FAIL', outTradeNo: 'DEP20240501001' })
    expect(h.calls[0].context.SOURCE).toBe('wx_paycallback')
    expect((await h.cloud.payments.list())[0].status).toBe('PAYERROR')
  })

  describe('refund', () => {
    beforeEach(async () => {
      h.handlers.payNotify = () => ({ errcode: 0, errmsg: 'OK' })
      h.handlers.refundNotify = () => ({ errcode: 0, errmsg: 'OK' })
      await h.sdk.cloudPay.unifiedOrder(order())
    })

    test('an unpaid order cannot be refunded', async () => {
      expect(await h.sdk.cloudPay.refund(refund())).toMatchObject({
        returnCode: 'SUCCESS',
        resultCode: 'FAIL',
        errCode: 0,
        errCodeDes: expect.stringContaining('订单号不存在'),
      })
      expect(await h.sdk.cloudPay.refund(refund({ outTradeNo: 'UNKNOWN' }))).toMatchObject({
        resultCode: 'FAIL',
        errCode: 0,
        errCodeDes: expect.stringContaining('订单号不存在'),
      })
      expect(await h.cloud.refunds.list()).toHaveLength(0)
    })

    test('the same outRefundNo refunds once and answers the same', async () => {
      await h.cloud.payments.settle('DEP20240501001', true)
      const [a, b] = await Promise.all([
        h.sdk.cloudPay.refund(refund({ refundFee: 1000 })),
        h.sdk.cloudPay.refund(refund({ refundFee: 1000 })),
      ])
      expect(a).toMatchObject({ returnCode: 'SUCCESS', resultCode: 'SUCCESS', refundFee: 1000, errMsg: 'cloudPay.refund:ok' })
      expect(b).toEqual(a)
      const list = await h.cloud.refunds.list()
      expect(list).toHaveLength(1)
      expect(list[0]).toMatchObject({ outRefundNo: 'RF20240501001', refundFee: 1000, status: 'PROCESSING' })
      expect((await h.cloud.payments.list())[0].refundedFee).toBe(1000)
      // the refund completes later: its callback is called
      await h.cloud.refunds.settle('RF20240501001')
      const call = h.calls.find((c) => c.name === 'refundNotify')!
      expect(call.context.SOURCE).toBe('wx_paycallback')
      expect(call.data).toMatchObject({ outRefundNo: 'RF20240501001', refundStatus: 'SUCCESS', refundFee: 1000 })
    })

    test('refunds beyond the amount paid, or with another total, are refused', async () => {
      await h.cloud.payments.settle('DEP20240501001', true)
      expect(await h.sdk.cloudPay.refund(refund({ refundFee: 4501 }))).toMatchObject({
        resultCode: 'FAIL',
        errCode: 0,
        errCodeDes: expect.stringContaining('超过订单可退金额'),
      })
      expect(await h.sdk.cloudPay.refund(refund({ outRefundNo: 'R1', refundFee: 3000 }))).toMatchObject({ resultCode: 'SUCCESS' })
      expect(await h.sdk.cloudPay.refund(refund({ outRefundNo: 'R2', refundFee: 1501 }))).toMatchObject({
        resultCode: 'FAIL',
        errCode: 0,
        errCodeDes: expect.stringContaining('超过订单可退金额'),
      })
      expect(await h.sdk.cloudPay.refund(refund({ outRefundNo: 'R3', totalFee: 9000, refundFee: 1 }))).toMatchObject({ resultCode: 'FAIL' })
      expect(await h.sdk.cloudPay.refund(refund({ outRefundNo: 'R1', refundFee: 10 }))).toMatchObject({
        resultCode: 'FAIL',
        errCode: 0,
        errCodeDes: expect.stringMatching(/重复|不一致/),
      })
      expect(await h.sdk.cloudPay.refund(refund({ outRefundNo: 'R4', refundFee: 1500 }))).toMatchObject({ resultCode: 'SUCCESS' })
      expect((await h.cloud.refunds.list()).map((r) => r.outRefundNo)).toEqual(['R1', 'R4'])
    })

    test('orders paid more than a year ago cannot be refunded', async () => {
      await h.cloud.payments.settle('DEP20240501001', true)
      await h.cloud.payments.backdate('DEP20240501001', new Date(h.clock.now().getTime() - 366 * 86400_000))
      expect(await h.sdk.cloudPay.refund(refund())).toMatchObject({
        resultCode: 'FAIL',
        errCode: 0,
        errCodeDes: expect.stringContaining('超过退款期限'),
      })
    })

    test('the year counts on the local clock', async () => {
      await h.cloud.payments.settle('DEP20240501001', true)
      h.clock.advance(364 * 86400_000)
      expect(await h.sdk.cloudPay.refund(refund({ outRefundNo: 'OK1', refundFee: 1 }))).toMatchObject({ resultCode: 'SUCCESS' })
      h.clock.advance(2 * 86400_000)
      expect(await h.sdk.cloudPay.refund(refund({ outRefundNo: 'LATE', refundFee: 1 }))).toMatchObject({
        errCode: 0,
        errCodeDes: expect.stringContaining('超过退款期限'),
      })
    })
  })
})

describe('subscription messages', () => {
  test('send() is recorded with the time, and answers ok', async () => {
    const msg = {
      touser: 'user-2',
      templateId: 'TPL-1',
      page: 'pages/activity/detail?id=1',
      data: { thing1: { value: '文明交通志愿服务' }, time2: { value: '2024年5月2日 09:00' } },
    }
    await h.cloud.subscribeMessages.accept('user-2', ['TPL-1'])
    expect(await h.sdk.openapi.subscribeMessage.send(msg)).toEqual({ errCode: 0, errMsg: 'openapi.subscribeMessage.send:ok' })
    const [sent] = await h.cloud.subscribeMessages.list()
    expect(sent).toMatchObject({ ...msg, sentAt: h.clock.now(), from: { OPENID: 'user-1', SOURCE: 'wx_client' } })
  })

  test('a one-time subscription allows one message per acceptance; without one WeChat refuses (43101)', async () => {
    const msg = { touser: 'user-2', templateId: 'TPL-1', data: { thing1: { value: '候补成功' } } }
    expect(await rejection(h.sdk.openapi.subscribeMessage.send(msg))).toMatchObject({ errCode: 43101 })
    await h.cloud.subscribeMessages.accept('user-3', ['TPL-1'])
    await h.cloud.subscribeMessages.accept('user-2', ['TPL-2'])
    expect(await rejection(h.sdk.openapi.subscribeMessage.send(msg))).toMatchObject({ errCode: 43101 })
    await h.cloud.subscribeMessages.accept('user-2', ['TPL-1'])
    await h.cloud.subscribeMessages.accept('user-2', ['TPL-1'])
    const twice = await Promise.all(
      [1, 2, 3].map(() =>
        h.sdk.openapi.subscribeMessage.send(msg).then(
          () => 'sent',
          (e) => e.errCode,
        ),
      ),
    )
    expect(twice.sort()).toEqual([43101, 'sent', 'sent'])
    expect(await h.cloud.subscribeMessages.list()).toHaveLength(2)
  })

  test('an openapi the function did not declare in config.json is refused as WeChat does (-604101)', async () => {
    const undeclared = h.cloud.sdkFor({ OPENID: 'user-1', SOURCE: 'wx_client' }, { openapi: ['phonenumber.getPhoneNumber'] })
    await h.cloud.subscribeMessages.accept('user-2', ['TPL-1'])
    const err = await rejection(undeclared.openapi.subscribeMessage.send({ touser: 'user-2', templateId: 'TPL-1', data: {} }))
    expect(err).toMatchObject({ errCode: -604101, errMsg: 'system error: error code: -604101' })
    expect(err.message).toBe('errCode: -604101 function has no permission to call this API | errMsg: system error: error code: -604101')
    const none = h.cloud.sdkFor({ OPENID: 'user-1', SOURCE: 'wx_client' })
    expect(await rejection(none.openapi.phonenumber.getPhoneNumber({ code: 'local-13800138000' }))).toMatchObject({ errCode: -604101 })
    expect(await h.cloud.subscribeMessages.list()).toHaveLength(0)
  })

  test('values WeChat would refuse are refused (errCode 47003)', async () => {
    const err = await rejection(
      h.sdk.openapi.subscribeMessage.send({
        touser: 'u',
        templateId: 'T',
        data: { thing1: { value: '这是一个超过二十个字符限制的非常非常长的活动名称' } },
      }),
    )
    expect(err.errCode).toBe(47003)
    expect(err.errMsg).toMatch(/^openapi\.subscribeMessage\.send:fail argument invalid!/)
    expect(err.message).toMatch(/^errCode: 47003 +\| errMsg: openapi\.subscribeMessage\.send:fail/)
    expect(await rejection(h.sdk.openapi.subscribeMessage.send({ touser: '', templateId: 'T', data: {} }))).toMatchObject({
      errCode: 40003,
    })
    expect(await h.cloud.subscribeMessages.list()).toHaveLength(0)
  })
})

describe('storage', () => {
  test('uploadFile() stores; getTempFileURL() answers /__local/storage URLs', async () => {
    const { fileID } = await h.sdk.uploadFile({ cloudPath: 'exports/roster 1.csv', fileContent: Buffer.from('a,b\n1,2\n') })
    expect(fileID).toMatch(/^cloud:\/\//)
    expect((await h.cloud.storage.read(fileID))?.toString()).toBe('a,b\n1,2\n')
    const { fileList } = await h.sdk.getTempFileURL({ fileList: [fileID, 'cloud://local.local-bucket/missing.txt'] })
    expect(fileList[0]).toMatchObject({
      fileID,
      status: 0,
      tempFileURL: expect.stringMatching(/^\/__local\/storage\/exports\/roster%201\.csv\?expires=\d+$/),
    })
    expect((await h.cloud.storage.read(fileList[0].tempFileURL))?.toString()).toBe('a,b\n1,2\n')
    expect(fileList[1].status).not.toBe(0)
    expect(fileList[1].tempFileURL).toBe('')
    expect(await rejection(h.sdk.uploadFile({ cloudPath: '../escape.txt', fileContent: 'x' }))).toBeInstanceOf(Error)
  })
})

describe('persistence and reset', () => {
  test('data survives close and reopen with a dataDir', async () => {
    const dir = tmpDir()
    const clock = new TestClock()
    const invoke = async () => ({ errcode: 0 })
    const first = createLocalCloud({ dataDir: dir, clock, collections: testCollections, invoke })
    const sdk1 = first.sdkFor({ OPENID: 'u', SOURCE: 'wx_client' }, { openapi: ['subscribeMessage.send'] })
    const db1 = sdk1.database()
    await db1.collection('items').add({ data: { _id: 'k', at: new Date('2024-01-01T00:00:00Z'), n: 1 } })
    await db1
      .collection('items')
      .doc('k')
      .update({ data: { n: db1.command.inc(1) } })
    await db1.collection('accounts').add({ data: { phone: '1' } })
    await sdk1.cloudPay.unifiedOrder(order({ envId: first.envId }))
    await sdk1.uploadFile({ cloudPath: 'a/b.txt', fileContent: 'hello' })
    await first.subscribeMessages.accept('u', ['T'])
    await sdk1.openapi.subscribeMessage.send({ touser: 'u', templateId: 'T', data: { thing1: { value: 'hi' } } })
    await first.close()
    expect(fs.existsSync(path.join(dir, 'db', 'items.db'))).toBe(true)

    const second = createLocalCloud({ dataDir: dir, clock, collections: testCollections, invoke })
    const sdk2 = second.sdkFor({ OPENID: 'u', SOURCE: 'wx_client' })
    const db2 = sdk2.database()
    const { data } = await db2.collection('items').doc('k').get()
    expect(data).toEqual({ _id: 'k', at: new Date('2024-01-01T00:00:00Z'), n: 2 })
    expect(data.at).toBeInstanceOf(Date)
    expect((await rejection(db2.collection('accounts').add({ data: { phone: '1' } }))).message).toMatch(/duplicate/)
    expect(await second.payments.list()).toHaveLength(1)
    expect((await second.storage.read('cloud://local.local-bucket/a/b.txt'))?.toString()).toBe('hello')
    expect(await second.subscribeMessages.list()).toHaveLength(1)

    await second.reset()
    expect((await db2.collection('items').count()).total).toBe(0)
    expect(await second.payments.list()).toHaveLength(0)
    expect(await second.subscribeMessages.list()).toHaveLength(0)
    expect(await second.storage.read('cloud://local.local-bucket/a/b.txt')).toBeUndefined()
    await db2.collection('accounts').add({ data: { phone: '1' } }) // indexes still there, data gone
    await second.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })
})
