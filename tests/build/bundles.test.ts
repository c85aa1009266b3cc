/**
 * What deploys is what is tested: the built cloudfunctions/<fn>/index.js bundles (npm run build:cloud
 * first) run inside the local cloud — their own code, held to their config.json and cloudbaserc.json —
 * through the steps of the three services; and no bundle carries a local default or a local switch.
 */
import fs from 'node:fs'
import path from 'node:path'
import { cabinetSimulator } from '../../local-cloud/cabinet-simulator'
import { loadBundles } from '../../local-cloud/bundles'
import { sourceFunctions } from '../../local-cloud/functions'
import { createLocalRuntime, type LocalRuntime } from '../../local-cloud/runtime'
import { bookTag } from '../../local-cloud/seed/bookcase'
import { expectOk } from '../support/runtime'
import { CLOUDBASE_RUNTIME, cloudbaseConfig, functionConfig } from '../../scripts/build-cloud'

process.env.CLOUD_LOG = 'silent'
const root = path.resolve(__dirname, '..', '..')
const bundleDir = path.join(root, 'cloudfunctions')
const WORKER = 'local-volunteer-2'

let runtime: LocalRuntime
beforeAll(async () => {
  runtime = await createLocalRuntime({ functions: loadBundles() })
  runtime.clock.freeze(true)
})
afterAll(() => runtime.close())

test('every function is built, and the runtime runs the bundles, not the sources', () => {
  const bundles = loadBundles()
  expect(Object.keys(bundles).sort()).toEqual(Object.keys(sourceFunctions).sort())
  for (const [name, bundle] of Object.entries(bundles)) {
    expect(bundle).not.toBe(sourceFunctions[name])
    expect(bundle.createMain).not.toBe(sourceFunctions[name].createMain)
    expect(bundle.deploy).toEqual(sourceFunctions[name].deploy)
  }
})

test('cloudbaserc.json and each config.json are what the function definitions say (written by the build, never by hand)', () => {
  expect(JSON.parse(fs.readFileSync(path.join(root, 'cloudbaserc.json'), 'utf8'))).toEqual(cloudbaseConfig())
  for (const [name, definition] of Object.entries(sourceFunctions)) {
    expect(JSON.parse(fs.readFileSync(path.join(bundleDir, name, 'config.json'), 'utf8'))).toEqual(functionConfig(definition))
  }
  const rc = cloudbaseConfig()
  for (const fn of rc.functions) {
    expect(fn).toMatchObject({ runtime: CLOUDBASE_RUNTIME, installDependency: true, handler: 'index.main' })
    for (const value of Object.values(fn.envVariables)) expect(value).toMatch(/^\{\{env\.[A-Z_]+\}\}$/)
  }
})

test("each bundle's config.json grants exactly the openapi its code calls (WeChat refuses the rest with -604101)", () => {
  for (const name of Object.keys(sourceFunctions)) {
    const code = fs.readFileSync(path.join(bundleDir, name, 'index.js'), 'utf8')
    const called = [
      ...new Set([...code.matchAll(/\.openapi\.([A-Za-z]+)\.([A-Za-z]+)\(/g)].map((match) => `${match[1]}.${match[2]}`)),
    ].sort()
    const granted = JSON.parse(fs.readFileSync(path.join(bundleDir, name, 'config.json'), 'utf8')).permissions.openapi
    expect({ name, openapi: granted }).toEqual({ name, openapi: called })
  }
  expect(JSON.parse(fs.readFileSync(path.join(bundleDir, 'user', 'config.json'), 'utf8')).permissions.openapi).toContain(
    'phonenumber.getPhoneNumber',
  )
})

test('no bundle holds a public default secret or a local-mode switch', () => {
  for (const name of Object.keys(sourceFunctions)) {
    const code = fs.readFileSync(path.join(bundleDir, name, 'index.js'), 'utf8')
    for (const forbidden of [
      'local-checkin-secret',
      'local-cabinet-secret',
      'local-mch',
      'LOCAL_CLOUD',
      'LOCAL_MODE',
      'LOCAL_CABINET_SECRET',
    ]) {
      expect({ name, contains: forbidden, found: code.includes(forbidden) }).toEqual({ name, contains: forbidden, found: false })
    }
    expect(code).not.toMatch(/["']local["']/)
  }
})

test('a worker and an organizer use the activities (activity bundle)', async () => {
  expectOk(await runtime.call('user', 'local-volunteer-1', { action: 'me' }))
  const db = runtime.cloud.sdkFor({ OPENID: '', SOURCE: 'test' }).database()
  const { data } = await db.collection('activities').where({ teamId: 'team-1', status: 'published' }).limit(10).get()
  const open = data.find((activity: any) => new Date(activity.signupDeadline).getTime() > runtime.clock.now().getTime())!
  const signup = expectOk<any>(await runtime.call('activity', 'local-volunteer-3', { action: 'signup', activityId: open._id }))
  expect(signup).toBeTruthy()
  const code = expectOk<any>(await runtime.call('activity', 'local-organizer', { action: 'checkinCode', activityId: open._id }))
  expect(code.token).toEqual(expect.any(String))
})

test('deposit, borrow and return at a cabinet (bookcase, payNotify and cabinetGateway bundles)', async () => {
  const simulator = cabinetSimulator(runtime)
  await simulator.heartbeatAll()
  const order = expectOk<any>(await runtime.call('bookcase', WORKER, { action: 'payDeposit' }))
  expect(await runtime.cloud.payments.settle(order.outTradeNo, true)).toEqual({ errcode: 0, errmsg: 'OK' })
  expect(expectOk<any>(await runtime.call('bookcase', WORKER, { action: 'account' }))).toMatchObject({ balance: 4500, status: 'active' })
  const session = expectOk<any>(await runtime.call('bookcase', WORKER, { action: 'openDoor', cabinetId: 'cabinet-1', door: 1 }))
  await simulator.take('cabinet-1', 1, bookTag(0))
  await simulator.close('cabinet-1', 1)
  expectOk(await runtime.call('bookcase', WORKER, { action: 'session', sessionId: session.sessionId }))
  const loans = expectOk<any>(await runtime.call('bookcase', WORKER, { action: 'myLoans' }))
  expect(JSON.stringify(loans)).toContain(bookTag(0))
})

test('the timed trigger runs every job (cron bundle) and counseling answers (counseling bundle)', async () => {
  const run = await runtime.invoke(
    'cron',
    { Type: 'Timer', TriggerName: 'hourly', Time: runtime.clock.now().toISOString() },
    { OPENID: '', SOURCE: 'wx_trigger' },
  )
  expect(run.ok).toBe(true)
  expect(Object.values(run.data).filter((result: any) => result?.failed)).toEqual([])
  const counselors = expectOk<any>(await runtime.call('counseling', WORKER, { action: 'counselors' }))
  expect(counselors.items.length).toBeGreaterThan(0)
})

test("the bundle's config.json is what grants openapi: without the permission the same code is refused", async () => {
  expect(await runtime.call('user', WORKER, { action: 'phoneFromCode', code: 'local-13800138000' })).toEqual({
    ok: true,
    data: { phone: '13800138000' },
  })
  // Inside the repository, so the copies find wx-server-sdk in node_modules as the originals do.
  fs.mkdirSync(path.join(root, 'test-results'), { recursive: true })
  const copy = fs.mkdtempSync(path.join(root, 'test-results', 'bundles-'))
  fs.cpSync(bundleDir, copy, { recursive: true })
  fs.writeFileSync(path.join(copy, 'user', 'config.json'), JSON.stringify({ permissions: { openapi: [] } }))
  const stripped = await createLocalRuntime({ seed: false, functions: loadBundles({ dir: copy }) })
  expect(await stripped.call('user', WORKER, { action: 'phoneFromCode', code: 'local-13800138000' })).toMatchObject({
    ok: false,
    code: 'INTERNAL',
  })
  await stripped.close()
  fs.rmSync(copy, { recursive: true, force: true })
})
