/**
 * The local cloud holds functions to what CloudBase holds them to: the openapi each declares, its
 * timeout, the real SDK's shape of conflicts and duplicate keys; and the functions fail closed when a
 * setting is missing, with no local default to fall back on.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { action, defineFunction, type FunctionDefinition } from '../../functions/_lib/define'
import { isDuplicateKey } from '../../functions/_lib/documents'
import * as s from '../../functions/_lib/schema'
import { isTransactionConflict, withTransaction } from '../../functions/_lib/transaction'
import { createLocalRuntime, TIMEOUT_ERR_CODE, type LocalRuntime } from '../../local-cloud/runtime'
import { sourceFunctions } from '../../local-cloud/functions'
import { createServer } from '../../local-cloud/server/server'
import { createTestRuntime } from '../support/runtime'

const ITEMS = 'users'

/** Test functions beside the real ones, with their own deploy settings. */
const probe = defineFunction(
  'probe',
  { timeoutSeconds: 1, openapi: [] },
  {
    slow: action({
      access: 'user',
      input: s.object({ ms: s.integer({ min: 0, max: 5000 }) }),
      handler: (_ctx, { ms }) => new Promise((resolve) => setTimeout(() => resolve('done'), ms)),
    }),
    phone: action({
      access: 'user',
      input: s.object({}),
      handler: async (ctx) => (await ctx.cloud.openapi.phonenumber.getPhoneNumber({ code: 'local-13800138000' })).phoneInfo.phoneNumber,
    }),
    /** Read-modify-write of one document in a transaction: contended, it must retry, never fail. */
    bump: action({
      access: 'user',
      input: s.object({}),
      handler: (ctx) =>
        withTransaction(ctx.db, async (t) => {
          const { data } = await t.collection(ITEMS).doc('counter').get()
          await t
            .collection(ITEMS)
            .doc('counter')
            .update({ data: { n: data.n + 1 } })
        }),
    }),
    /** A second writer that never lets go: conflicts outlast every retry. */
    duplicate: action({
      access: 'user',
      input: s.object({}),
      handler: async (ctx) => {
        await ctx.db.collection(ITEMS).add({ data: { _id: 'dup' } })
        await ctx.db.collection(ITEMS).add({ data: { _id: 'dup' } })
      },
    }),
  },
)

let runtime: LocalRuntime
beforeAll(async () => {
  runtime = await createLocalRuntime({ seed: false, functions: { ...sourceFunctions, probe: probe as FunctionDefinition<unknown> } })
})
afterAll(() => runtime.close())

describe('what CloudBase enforces', () => {
  test("an invocation that runs past the function's timeout fails as CloudBase's does (-504003)", async () => {
    expect(await runtime.call('probe', 'u1', { action: 'slow', ms: 10 })).toEqual({ ok: true, data: 'done' })
    const error = await runtime.call('probe', 'u1', { action: 'slow', ms: 1500 }).catch((e) => e)
    expect(error).toMatchObject({ errCode: TIMEOUT_ERR_CODE })
    expect(error.message).toMatch(/timed out after 1 seconds/)
  })

  test('over HTTP the local server answers a timed-out call with 504 and a TIMEOUT envelope, as the client expects', async () => {
    const server = createServer({ runtime })
    await new Promise<void>((resolve) => server.listen(0, resolve))
    const { port } = server.address() as AddressInfo
    const answer = await new Promise<{ status: number; body: any }>((resolve, reject) => {
      const request = http.request(
        { port, path: '/cloud/probe', method: 'POST', headers: { 'content-type': 'application/json', 'x-openid': 'u1' } },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (chunk: Buffer) => chunks.push(chunk))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }))
        },
      )
      request.on('error', reject)
      request.end(JSON.stringify({ action: 'slow', ms: 1500 }))
    })
    server.close()
    expect(answer).toMatchObject({ status: 504, body: { ok: false, code: 'TIMEOUT', errCode: TIMEOUT_ERR_CODE } })
  })

  test('an openapi the function does not declare is refused (-604101); the failure is not the caller’s fault', async () => {
    expect(await runtime.call('probe', 'u1', { action: 'phone' })).toMatchObject({ ok: false, code: 'INTERNAL' })
    const declared = { ...probe, deploy: { ...probe.deploy, openapi: ['phonenumber.getPhoneNumber'] } }
    const allowed = await createLocalRuntime({ seed: false, functions: { probe: declared as FunctionDefinition<unknown> } })
    expect(await allowed.call('probe', 'u1', { action: 'phone' })).toEqual({ ok: true, data: '13800138000' })
    await allowed.close()
  })

  test('functions that wait on contention, the vendor gateway or many records run longer than the 3 s default', () => {
    expect(sourceFunctions.cron.deploy.timeoutSeconds).toBeGreaterThan(3)
    expect(sourceFunctions.cabinetGateway.deploy.timeoutSeconds).toBeGreaterThan(3)
    expect(sourceFunctions.activity.deploy.timeoutSeconds).toBeGreaterThan(3)
  })
})

describe('conflicts and duplicate keys in the real SDK’s shape', () => {
  test('the framework recognises them from errCode/errMsg (or TcbError code), not from any text', async () => {
    const db = runtime.cloud.sdkFor({ OPENID: '', SOURCE: 'test' }).database()
    await db.collection(ITEMS).add({ data: { _id: 'shape' } })
    const duplicate = await db
      .collection(ITEMS)
      .add({ data: { _id: 'shape' } })
      .catch((e: unknown) => e)
    expect(duplicate).toMatchObject({ errCode: -502001, errMsg: expect.stringContaining('E11000 duplicate key') })
    expect(isDuplicateKey(duplicate)).toBe(true)
    const first = await db.startTransaction()
    const second = await db.startTransaction()
    await first
      .collection(ITEMS)
      .doc('shape')
      .update({ data: { n: 1 } })
    const conflict = await second
      .collection(ITEMS)
      .doc('shape')
      .update({ data: { n: 2 } })
      .catch((e: unknown) => e)
    await first.rollback()
    await second.rollback().catch(() => undefined)
    expect(conflict).toMatchObject({ errCode: -501001, errMsg: expect.stringContaining('DATABASE_TRANSACTION_CONFLICT') })
    expect(isTransactionConflict(conflict)).toBe(true)
    expect(isTransactionConflict(duplicate)).toBe(false)
    expect(isTransactionConflict({ code: 'DATABASE_TRANSACTION_CONFLICT', message: 'database transaction conflict' })).toBe(true)
    for (const lookalike of [new Error('duplicate'), new Error('transaction conflict'), 'E11000 duplicate key', null]) {
      expect(isDuplicateKey(lookalike)).toBe(false)
      expect(isTransactionConflict(lookalike)).toBe(false)
    }
  })

  test('20 simultaneous read-modify-write transactions on one document: conflicts are retried, never INTERNAL', async () => {
    const db = runtime.cloud.sdkFor({ OPENID: '', SOURCE: 'test' }).database()
    await db.collection(ITEMS).add({ data: { _id: 'counter', n: 0 } })
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => runtime.call('probe', `u${i}`, { action: 'bump' })))
    const codes = answers.map((answer) => (answer.ok ? 'ok' : answer.code))
    expect(codes.filter((code) => code !== 'ok' && code !== 'CONFLICT')).toEqual([])
    const { data } = await db.collection(ITEMS).doc('counter').get()
    expect(data.n).toBe(codes.filter((code) => code === 'ok').length)
    expect(data.n).toBeGreaterThan(0)
  })

  test('a duplicate key that reaches the framework answers CONFLICT, never INTERNAL', async () => {
    expect(await runtime.call('probe', 'u1', { action: 'duplicate' })).toMatchObject({ ok: false, code: 'CONFLICT' })
  })
})

describe('fail closed', () => {
  test('without CHECKIN_SECRET the check-in code is a configuration error, not a guessable token', async () => {
    const unconfigured = await createTestRuntime()
    const configured = { ...unconfigured.env }
    unconfigured.env.checkinSecret = undefined
    const db = unconfigured.cloud.sdkFor({ OPENID: '', SOURCE: 'test' }).database()
    const { data } = await db.collection('activities').where({ teamId: 'team-1', status: 'published' }).limit(1).get()
    const answer = await unconfigured.call('activity', 'local-organizer', { action: 'checkinCode', activityId: data[0]._id })
    expect(answer).toMatchObject({ ok: false, code: 'NOT_CONFIGURED', message: '该功能尚未配置完成，请联系管理员' })
    const scan = await unconfigured.call('activity', 'local-volunteer-1', { action: 'checkin', token: 'forged.token.value' })
    expect(scan).toMatchObject({ ok: false, code: 'NOT_CONFIGURED' })
    expect(configured.checkinSecret).toMatch(/^[0-9a-f]{64}$/)
    await unconfigured.close()
  })

  test('without PAY_MCH_ID the deposit cannot be paid or refunded, and no order or refund is made', async () => {
    const unconfigured = await createTestRuntime()
    const payer = 'local-volunteer-3'
    const order = await unconfigured.call<any>('bookcase', payer, { action: 'payDeposit' })
    await unconfigured.cloud.payments.settle(order.ok ? order.data.outTradeNo : '', true)
    unconfigured.env.payMchId = undefined
    expect(await unconfigured.call('bookcase', 'local-volunteer-2', { action: 'payDeposit' })).toMatchObject({
      ok: false,
      code: 'NOT_CONFIGURED',
    })
    expect(await unconfigured.cloud.payments.list()).toHaveLength(1)
    expect(await unconfigured.call('bookcase', payer, { action: 'refundDeposit' })).toMatchObject({ ok: false, code: 'NOT_CONFIGURED' })
    expect(await unconfigured.call<any>('bookcase', payer, { action: 'account' })).toMatchObject({ ok: true, data: { balance: 4500 } })
    expect(await unconfigured.cloud.refunds.list()).toEqual([])
    await unconfigured.close()
  })

  test('a server in production mode (LOCAL_MODE=0) seeds no cabinet with the public secret', async () => {
    const production = await createLocalRuntime({ local: false })
    const db = production.cloud.sdkFor({ OPENID: '', SOURCE: 'test' }).database()
    const { data } = await db.collection('cabinets').get()
    expect(data.length).toBeGreaterThan(0)
    for (const cabinet of data) expect(cabinet.secret).toMatch(/^[0-9a-f]{64}$/)
    await production.close()
    const local = await createLocalRuntime({ local: true })
    const seeded = await local.cloud.sdkFor({ OPENID: '', SOURCE: 'test' }).database().collection('cabinets').get()
    expect(seeded.data.map((cabinet: any) => cabinet.secret)).toEqual(seeded.data.map(() => 'local-cabinet-secret'))
    await local.close()
  })
})
