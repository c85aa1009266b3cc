import type { Page } from 'playwright-core'
import { startE2E, withScreenshot, type E2E } from './support/browser'

const WORKER = 'local-volunteer-1'

let e2e: E2E

beforeAll(async () => {
  e2e = await startE2E()
}, 60000)

afterAll(async () => {
  await e2e?.close()
})

/** A fresh document each time, as opening the link from WeChat would (the H5 router keeps pages otherwise). */
async function open(page: Page, route: string) {
  await page.goto('about:blank')
  await page.goto(`${e2e.baseUrl}/#/packages/bookcase/pages/${route}`)
}

async function devControl(route: string, body: Record<string, unknown>) {
  const response = await fetch(`${e2e.baseUrl}/__local/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  expect(response.status).toBe(200)
  return response.json()
}

test('pay the deposit, borrow through the simulator, 20 days later return at the other cabinet: 5 days overdue, 5 yuan deducted', async () => {
  const page = await e2e.pageAs(WORKER)
  await withScreenshot(page, 'bookcase', async () => {
    // A frozen clock: "20 days later" is exactly 20 × 24 h after the borrow.
    await devControl('clock', { freeze: true })
    await open(page, 'deposit/index')
    await page.getByText('缴纳押金 45 元').waitFor()
    e2e.runtime.calls.clear()
    await page.getByText('缴纳押金 45 元').click()
    await page.getByText('押金余额（押金已交足）').waitFor()
    // One call to start the payment, one after the sheet that answers the account: no reload of it
    // (payNotify is WeChat Pay's own call, made by the local pay sheet).
    const made = e2e.runtime.calls.list().filter((call) => call.fn === 'bookcase')
    expect(made.map((call) => call.action).reverse()).toEqual(['payDeposit', 'paymentResult'])

    await open(page, 'cabinet/index?cabinetId=cabinet-1')
    await page.getByText('五四广场站职工书柜').waitFor()
    await page.getByText('开门借书').first().click()
    await page.getByText('柜门已打开', { exact: true }).waitFor()
    await page.getByText('书柜模拟器（本地演示）').waitFor()
    await page.getByText('取出', { exact: true }).nth(1).waitFor()
    await page.getByText('取出', { exact: true }).first().click()
    // The simulator took it: one tag is left in the door.
    await page.getByText('取出', { exact: true }).nth(1).waitFor({ state: 'detached' })
    await page.getByText('关门', { exact: true }).click()
    await page.getByText(/^借阅成功《活着》 应还日期 \d+月\d+日$/).waitFor()

    await devControl('clock', { advanceDays: 20 })
    await devControl('cabinets/heartbeat', { cabinetId: 'cabinet-2' })

    await open(page, 'loans/index')
    await page.getByText('已逾期 5 天 · 逾期费 5 元（已计 5 天，每天 1 元，不足一天按一天）').waitFor()

    await open(page, 'cabinet/index?cabinetId=cabinet-2')
    await page.getByText('青岛站职工书柜').waitFor()
    await page.getByText('开门还书').click()
    await page.getByText('书柜模拟器（本地演示）').waitFor()
    await page.getByText('放入', { exact: true }).first().click()
    await page.getByText('放入', { exact: true }).first().waitFor({ state: 'detached' })
    await page.getByText('关门', { exact: true }).click()
    await page.getByText('还书成功《活着》 借阅 20 天 逾期费 5 元').waitFor()

    await open(page, 'deposit/index')
    await page.getByText('逾期费用《活着》').waitFor()
    await page.getByText('−5 元').waitFor()
    await page.getByText('40 元', { exact: true }).waitFor()
  })
}, 120000)
