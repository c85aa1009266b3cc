/**
 * Each built bundle loaded against the real wx-server-sdk package, as CloudBase loads it: its `main`
 * (the deployed entry: productionMain, cloud.init with DYNAMIC_CURRENT_ENV, readEnv of process.env)
 * with the WeChat context from the environment variables SCF sets (WX_CONTEXT_KEYS, WX_OPENID,
 * TCB_ENV, TCB_SOURCE — read by the SDK's getWXContext). Only the SDK's database transport is stubbed
 * (local-cloud/sdk/wx.ts): requests of TCB_ENV go to a local database. No local stand-in is passed in,
 * so this is production's configuration path: what is unset must fail closed.
 */
import path from 'node:path'
import { createLocalRuntime, type LocalRuntime } from '../../local-cloud/runtime'
import { sourceFunctions } from '../../local-cloud/functions'

const bundleDir = path.resolve(__dirname, '..', '..', 'cloudfunctions')
const CONTEXT_VARS = ['WX_CONTEXT_KEYS', 'WX_OPENID', 'WX_APPID', 'TCB_ENV', 'TCB_SOURCE', 'ADMIN_OPENIDS', 'CHECKIN_SECRET', 'PAY_MCH_ID']

let runtime: LocalRuntime
const saved: Record<string, string | undefined> = {}

beforeAll(async () => {
  for (const name of CONTEXT_VARS) saved[name] = process.env[name]
  for (const name of ['CHECKIN_SECRET', 'PAY_MCH_ID', 'ADMIN_OPENIDS']) delete process.env[name]
  process.env.CLOUD_LOG = 'silent'
  runtime = await createLocalRuntime()
  process.env.TCB_ENV = runtime.cloud.envId
})
afterAll(async () => {
  for (const name of CONTEXT_VARS) {
    if (saved[name] === undefined) delete process.env[name]
    else process.env[name] = saved[name]
  }
  await runtime.close()
})

/**
 * The bundle's production entry. Loaded once, as on a warm CloudBase instance, and from the same module
 * registry as the local database transport, so both use one wx-server-sdk (as one node_modules would).
 */
function deployedMain(name: string): (event: unknown, context?: unknown) => Promise<any> {
  return require(path.join(bundleDir, name, 'index.js')).main
}

function asCaller(openid: string, source: string) {
  process.env.WX_CONTEXT_KEYS = 'WX_OPENID,WX_APPID'
  process.env.WX_OPENID = openid
  process.env.WX_APPID = 'wx0000000000000000'
  process.env.TCB_SOURCE = source
}

test('every bundle loads against the real SDK and exports main and its definition', () => {
  for (const name of Object.keys(sourceFunctions)) {
    const exported = require(path.join(bundleDir, name, 'index.js'))
    expect(typeof exported.main).toBe('function')
    expect(exported.definition.name).toBe(name)
  }
})

test('user: the OPENID comes from the real getWXContext and the database request reaches the service', async () => {
  asCaller('real-sdk-worker', 'wx_client')
  const answer = await deployedMain('user')({ action: 'me' }, {})
  expect(answer).toMatchObject({ ok: true, data: { openid: 'real-sdk-worker' } })
  const db = runtime.cloud.sdkFor({ OPENID: '', SOURCE: 'test' }).database()
  expect((await db.collection('users').where({ _id: 'real-sdk-worker' }).get()).data).toHaveLength(1)
})

test('activity and counseling read through the real SDK', async () => {
  asCaller('local-volunteer-1', 'wx_client')
  expect(await deployedMain('activity')({ action: 'list', scope: 'upcoming' })).toMatchObject({ ok: true })
  expect(await deployedMain('counseling')({ action: 'counselors' })).toMatchObject({ ok: true })
})

test('unset CHECKIN_SECRET and PAY_MCH_ID fail closed in the deployed entry', async () => {
  const db = runtime.cloud.sdkFor({ OPENID: '', SOURCE: 'test' }).database()
  const { data } = await db.collection('activities').where({ teamId: 'team-1', status: 'published' }).limit(1).get()
  asCaller('local-organizer', 'wx_client')
  expect(await deployedMain('activity')({ action: 'checkinCode', activityId: data[0]._id })).toMatchObject({
    ok: false,
    code: 'NOT_CONFIGURED',
  })
  asCaller('local-volunteer-2', 'wx_client')
  expect(await deployedMain('bookcase')({ action: 'payDeposit' })).toMatchObject({ ok: false, code: 'NOT_CONFIGURED' })
})

test('the HTTP gateway, the pay callback and the timer answer their protocols', async () => {
  asCaller('', 'wx_http')
  const refused = await deployedMain('cabinetGateway')({
    httpMethod: 'POST',
    headers: { 'x-cabinet-id': 'cabinet-1' },
    body: '{}',
    isBase64Encoded: false,
  })
  expect(refused.statusCode).toBe(401)
  asCaller('', 'wx_paycallback')
  expect(
    await deployedMain('payNotify')({ returnCode: 'SUCCESS', resultCode: 'SUCCESS', outTradeNo: 'BKunknown', totalFee: 4500 }),
  ).toEqual({
    errcode: 0,
    errmsg: 'OK',
  })
  asCaller('', 'wx_trigger')
  const run = await deployedMain('cron')({ Type: 'Timer', TriggerName: 'hourly', Time: new Date().toISOString() })
  expect(run.ok).toBe(true)
})
