/**
 * The local console on a laptop screen: the app in a phone frame beside the controls. Driven as a
 * developer would: open a deep link, switch persona, move the clock 20 days, see the overdue fee.
 */
import type { BrowserContext, Page } from 'playwright-core'
import { cabinetSimulator } from '../../local-cloud/cabinet-simulator'
import { expectOk } from '../support/runtime'
import { startE2E, withScreenshot, type E2E } from './support/browser'

const BORROWER = 'local-volunteer-2'
const LOANS = '#/packages/bookcase/pages/loans/index'

let e2e: E2E
let desktop: BrowserContext

beforeAll(async () => {
  e2e = await startE2E()
  desktop = await e2e.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
}, 60000)

afterAll(async () => {
  await desktop?.close()
  await e2e?.close()
})

/** The borrower pays the deposit and takes one book at cabinet-1, as in the bookcase tests (not the point here). */
async function borrowOneBook(): Promise<string> {
  const { runtime } = e2e
  const simulator = cabinetSimulator(runtime)
  await simulator.heartbeatAll()
  const order = expectOk<any>(await runtime.call('bookcase', BORROWER, { action: 'payDeposit' }))
  await runtime.cloud.payments.settle(order.outTradeNo, true)
  const session = expectOk<any>(await runtime.call('bookcase', BORROWER, { action: 'openDoor', cabinetId: 'cabinet-1', door: 1 }))
  const door = (await simulator.state()).cabinets.find((c) => c.cabinetId === 'cabinet-1')!.doors.find((d) => d.door === 1)!
  const tag = door.tags[0]
  await simulator.take('cabinet-1', 1, tag)
  await simulator.close('cabinet-1', 1)
  expectOk(await runtime.call('bookcase', BORROWER, { action: 'session', sessionId: session.sessionId }))
  const { data } = await runtime.cloud.sdkFor({ OPENID: '', SOURCE: 'test' }).database().collection('books').doc(tag).get()
  return data.title
}

const app = (page: Page) => page.frameLocator('iframe[title="小程序（H5）"]')

test('a deep link on a laptop opens the console with the app framed; switch persona, +20 days: the overdue fee shows in the app', async () => {
  const title = await borrowOneBook()
  const page = await desktop.newPage()
  await withScreenshot(page, 'console', async () => {
    await page.goto(`${e2e.baseUrl}/${LOANS}`)
    // The app moved into the console's frame and kept its route.
    await page.waitForURL(`${e2e.baseUrl}/__local/console/${LOANS}`)
    await page.getByText('本地云控制台').waitFor()
    const frame = page.locator('iframe[title="小程序（H5）"]')
    expect(await frame.getAttribute('width')).toBe('375')
    expect(await frame.getAttribute('height')).toBe('812')

    // The default persona has no loans; the borrower has one, not yet due.
    await page.getByLabel('身份').selectOption(BORROWER)
    await app(page).getByText(`《${title}》`).waitFor()
    await app(page)
      .getByText(/^应还日期/)
      .waitFor()
    expect(
      await app(page)
        .getByText(/已逾期/)
        .count(),
    ).toBe(0)

    // The clock: 20 days on (the test runtime's clock is frozen, so exactly 20 × 24 h).
    await page.getByLabel('前进天数').fill('20')
    await page.getByRole('button', { name: '+20 天' }).click()
    await app(page).getByText('已逾期 5 天 · 逾期费 5 元（已计 5 天，每天 1 元，不足一天按一天）').waitFor()

    // The request list shows the app's call as that persona, with its DB requests.
    const row = page.getByTestId('request-row').filter({ hasText: 'bookcase.myLoans' }).filter({ hasText: BORROWER }).first()
    await row.waitFor()
    await expect(row.textContent()).resolves.toMatch(/ok.*\d+ ms.*\d+ \/ \d+ \/ \d+/)
    await row.click()
    await page.getByText('"action": "myLoans"').waitFor()

    // Other phone widths.
    await page.getByRole('button', { name: '320', exact: true }).click()
    expect(await frame.getAttribute('width')).toBe('320')
    await app(page).getByText('已逾期 5 天 · 逾期费 5 元（已计 5 天，每天 1 元，不足一天按一天）').waitFor()
  })
}, 120000)

test("the app's deposit payment waits on the console: 支付失败 shows in the app, then 支付成功 pays it", async () => {
  const page = await desktop.newPage()
  await withScreenshot(page, 'console-pay', async () => {
    await page.goto(`${e2e.baseUrl}/#/packages/bookcase/pages/deposit/index`)
    await page.waitForURL(/\/__local\/console\//)
    await page.getByLabel('身份').selectOption('local-volunteer-3')
    await page.getByRole('tab', { name: '支付' }).click()
    await page.getByRole('button', { name: '在这里确认' }).click()
    await page.getByRole('button', { name: '在这里确认' }).and(page.locator('.is-active')).waitFor()

    await app(page).getByText('缴纳押金 45 元').click()
    const waiting = page.locator('tr.is-waiting').filter({ hasText: 'local-volunteer-3' })
    await waiting.getByText('付款人确认中').waitFor()
    await waiting.getByRole('button', { name: '支付失败' }).click()
    await app(page).getByText('支付失败').waitFor()
    await app(page).getByText('缴纳押金 45 元').waitFor()

    await app(page).getByText('缴纳押金 45 元').click()
    await page.locator('tr.is-waiting').getByRole('button', { name: '支付成功' }).click()
    await app(page).getByText('押金余额（押金已交足）').waitFor()
    await page.getByRole('button', { name: '自动成功' }).click()
  })
}, 120000)

test("a door the app opened is emptied and closed from the console's cabinet simulator; the app shows the loan", async () => {
  const borrower = 'local-volunteer-4'
  const order = expectOk<any>(await e2e.runtime.call('bookcase', borrower, { action: 'payDeposit' }))
  await e2e.runtime.cloud.payments.settle(order.outTradeNo, true)
  await cabinetSimulator(e2e.runtime).heartbeatAll()
  const page = await desktop.newPage()
  await withScreenshot(page, 'console-cabinet', async () => {
    await page.goto(`${e2e.baseUrl}/#/packages/bookcase/pages/cabinet/index?cabinetId=cabinet-1`)
    await page.waitForURL(/\/__local\/console\//)
    await page.getByLabel('身份').selectOption(borrower)
    await page.getByRole('tab', { name: '书柜' }).click()
    await app(page).getByText('开门借书').first().click()
    await app(page).getByText('柜门已打开', { exact: true }).waitFor()

    const door = page.locator('.door--open')
    await door.getByText('已打开').waitFor()
    const title = (await door.locator('.door__book').first().textContent()) ?? ''
    await door.getByRole('button', { name: '取出' }).first().click()
    await door.getByRole('button', { name: '关门' }).click()
    await app(page)
      .getByText(new RegExp(`^借阅成功《${title}》`))
      .waitFor()
    await page.locator('.door--open').waitFor({ state: 'detached' })
  })
}, 120000)

test('the other tabs: a where() query, a cron job with what it did, the message it sent, the request filter, the clock back to real time, reset', async () => {
  // Reminders go out after 09:00 Shanghai: the next day at 10:00 (only the first borrower's loan is overdue by then).
  const now = e2e.runtime.clock.now()
  e2e.runtime.clock.set(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 2)))
  const page = await desktop.newPage()
  await withScreenshot(page, 'console-tabs', async () => {
    await page.goto(`${e2e.baseUrl}/__local/console/`)

    await page.getByRole('tab', { name: '数据' }).click()
    await page.getByRole('button', { name: /^books\s*\d+$/ }).click()
    await page.getByLabel('查询条件').fill("{ status: 'onLoan', title: _.neq('不存在的书') }")
    await page.getByRole('button', { name: '查询' }).click()
    await page.getByText(/^共 2 条符合/).waitFor()
    await page.getByLabel('查询条件').fill('{ status: ')
    await page.getByRole('button', { name: '查询' }).click()
    await page.getByText(/查询条件有误/).waitFor()

    await page.getByRole('tab', { name: '定时任务' }).click()
    await page
      .getByRole('row', { name: /loanReminders/ })
      .getByRole('button', { name: '运行' })
      .click()
    await page
      .locator('.result')
      .filter({ hasText: 'loanReminders' })
      .getByText(/"overdue": 1/)
      .waitFor()

    await page.getByRole('tab', { name: '消息' }).click()
    await page.locator('.message').filter({ hasText: '图书已逾期' }).filter({ hasText: BORROWER }).waitFor()

    await page.getByRole('tab', { name: '请求' }).click()
    await page.getByPlaceholder(/筛选/).fill('cron')
    await page.getByTestId('request-row').filter({ hasText: 'cron.run' }).first().waitFor()
    expect(await page.getByTestId('request-row').filter({ hasNotText: 'cron.run' }).count()).toBe(0)

    await page.getByRole('button', { name: '回到真实时间' }).click()
    await page.getByTestId('clock-offset').getByText('真实时间').waitFor()
    await page.getByText('走动中').waitFor()

    page.once('dialog', (dialog) => void dialog.accept())
    await page.getByRole('button', { name: '重置演示数据' }).click()
    await page.getByText('已恢复演示数据').waitFor()
    expect((await e2e.runtime.cloud.payments.list()).length).toBe(0)
  })
}, 120000)

test('on a phone the app stays full-screen, with no console', async () => {
  const page = await e2e.pageAs('local-volunteer-1')
  await withScreenshot(page, 'console-phone', async () => {
    await page.goto(`${e2e.baseUrl}/#/pages/home/index`)
    await page.getByText('智能书柜', { exact: true }).waitFor()
    expect(new URL(page.url()).pathname).toBe('/')
    expect(await page.locator('iframe').count()).toBe(0)
  })
}, 60000)
