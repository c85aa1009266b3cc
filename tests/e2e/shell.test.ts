import { startE2E, withScreenshot, type E2E } from './support/browser'

let e2e: E2E

beforeAll(async () => {
  e2e = await startE2E()
}, 60000)

afterAll(async () => {
  await e2e?.close()
})

test('the H5 app opens on 首页 with the three services, and 我的 shows the persona from the local cloud', async () => {
  const page = await e2e.pageAs('local-volunteer-1')
  await withScreenshot(page, 'shell', async () => {
    await page.goto(`${e2e.baseUrl}/#/pages/home/index`)
    for (const service of ['活动报名', '智能书柜', '心理咨询']) await page.getByText(service, { exact: true }).waitFor()
    await page.getByText('我的', { exact: true }).click()
    await page.getByText('王小明').waitFor()
    await page.getByText('138****0001').waitFor()
  })
}, 60000)

test('a small (320 px) phone shows the service entries side by side without overflow', async () => {
  const page = await e2e.pageAs('local-worker', { width: 320, height: 640 })
  await withScreenshot(page, 'shell-320', async () => {
    await page.goto(`${e2e.baseUrl}/#/pages/home/index`)
    await page.getByText('心理咨询', { exact: true }).waitFor()
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    expect(overflow).toBeLessThanOrEqual(0)
  })
}, 60000)
