/**
 * The admin tools in PC WeChat's wide window (≥ 1024 px): 书柜管理 as a real table (sortable, searchable),
 * the cabinet's mini-program code generated, decoded and opened, a spreadsheet imported with its preview
 * and progress; on a phone the same screen is a list of cards without sideways scrolling.
 */
import type { Page } from 'playwright-core'
import { MINUTE_MS } from '../../domain/time'
import { readQr } from '../support/qr'
import { expectOk } from '../support/runtime'
import { startE2E, withScreenshot, type E2E } from './support/browser'

let e2e: E2E

beforeAll(async () => {
  e2e = await startE2E()
}, 60000)

afterAll(async () => {
  await e2e?.close()
})

const WIDE = { width: 1280, height: 800 }

async function openAdminBookcase(page: Page) {
  await page.goto('about:blank')
  await page.goto(`${e2e.baseUrl}/?console=0#/packages/admin/pages/bookcase/index`)
  await page.locator('.dt__row', { hasText: '五四广场站职工书柜' }).waitFor()
}

const rowNames = (page: Page) => page.locator('.dt__row .dt__cell:nth-child(2) .dt__value').allInnerTexts()

test('wide: cabinets as a sortable table; the cabinet code scans to the cabinet page', async () => {
  const page = await e2e.pageAs('local-admin', WIDE)
  await withScreenshot(page, 'admin-wide-cabinets', async () => {
    await openAdminBookcase(page)
    // A table: the column titles are shown and each row's cells sit on one line.
    await page.locator('.dt__head .dt__title', { hasText: '位置' }).waitFor()
    const row = page.locator('.dt__row', { hasText: '五四广场站职工书柜' })
    const [first, last] = [await row.locator('.dt__cell').first().boundingBox(), await row.locator('.dt__cell').last().boundingBox()]
    expect(Math.abs(first!.y + first!.height / 2 - (last!.y + last!.height / 2))).toBeLessThan(4)
    expect(last!.x - first!.x).toBeGreaterThan(600)
    await expect(row.locator('.dt__label').first().isVisible()).resolves.toBe(false)

    // Sorting by 名称 one way, then the other.
    await page.locator('.dt__title', { hasText: '名称' }).click()
    const ascending = await rowNames(page)
    await page.locator('.dt__title', { hasText: '名称' }).click()
    expect(await rowNames(page)).toEqual([...ascending].reverse())
    // Searching narrows the rows.
    await page.locator('.dt__search input').fill('青岛站')
    await expect(page.locator('.dt__row').count()).resolves.toBe(1)
    await page.locator('.dt__search input').fill('')

    await page.screenshot({ path: 'test-results/admin-wide-1280.png' })
    await row.getByText('小程序码').click()
    const image = page.locator('.adm-code__image img')
    await image.waitFor()
    const src = (await image.getAttribute('src'))!
    const png = Buffer.from(await (await fetch(new URL(src, e2e.baseUrl))).arrayBuffer())
    const scanned = readQr(png)!
    expect(scanned).toBe('packages/bookcase/pages/cabinet/index?scene=cabinet-1')
    await page.screenshot({ path: 'test-results/admin-wide-code.png' })

    // What WeChat does with the code: open the page it names with its scene.
    await page.goto('about:blank')
    await page.goto(`${e2e.baseUrl}/?console=0#/${scanned}`)
    await page.getByText('五四广场站职工书柜').first().waitFor()
  })
}, 90000)

test('wide: a spreadsheet is checked, previewed with its errors and imported with progress', async () => {
  const page = await e2e.pageAs('local-admin', WIDE)
  await withScreenshot(page, 'admin-wide-import', async () => {
    await openAdminBookcase(page)
    await page.locator('.bookcase__tab', { hasText: '批量导入' }).click()
    const rows = [
      '标签,ISBN,书名,作者,书柜,柜门',
      'NEW0001,9787506365437,活着,余华,cabinet-2,6',
      'NEW0002,9787506365438,坏书号,某人,,',
      'NEW0003,9787536692930,三体,刘慈欣,cabinet-9,1',
    ]
    const chooser = page.waitForEvent('filechooser')
    await page.getByText('选择表格').click()
    await (await chooser).setFiles({ name: 'books.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${rows.join('\r\n')}\r\n`) })
    const preview = page.locator('.adm-import__preview')
    await preview.getByText('可导入').waitFor()
    expect(await preview.locator('.adm-count__value').allInnerTexts()).toEqual(['3', '1', '0', '2'])
    await page.locator('.dt__row', { hasText: 'ISBN 校验位错误' }).waitFor()
    await page.locator('.dt__row', { hasText: '书柜不存在：cabinet-9' }).waitFor()
    await page.screenshot({ path: 'test-results/admin-wide-import.png', fullPage: true })
    await page.locator('.adm-import__commit').click()
    await page.getByText('导入完成：新登记 1 本。').waitFor()
    const door = (
      await e2e.runtime.cloud.sdkFor({ OPENID: '', SOURCE: 'test' }).database().collection('cabinetDoors').doc('cabinet-2-6').get()
    ).data
    expect(door.tags).toContain('NEW0001')
  })
}, 90000)

test('phone: the same screen is cards with titles, and nothing scrolls sideways', async () => {
  const page = await e2e.pageAs('local-admin', { width: 320, height: 640 })
  await withScreenshot(page, 'admin-phone-cabinets', async () => {
    await openAdminBookcase(page)
    const row = page.locator('.dt__row', { hasText: '五四广场站职工书柜' })
    await expect(row.locator('.dt__label', { hasText: '位置' }).isVisible()).resolves.toBe(true)
    await expect(page.locator('.dt__head .dt__title', { hasText: '位置' }).isVisible()).resolves.toBe(false)
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    await page.screenshot({ path: 'test-results/admin-phone-320.png', fullPage: true })
  })
}, 60000)

test('wide: the organizer confirms hours for many at once from the roster table', async () => {
  const ACTIVITY = 'activity-elderly' // seeded: starts 10 minutes after the clock's now
  const call = (openid: string, data: Record<string, unknown>) =>
    e2e.runtime.call<any>('activity', openid, { activityId: ACTIVITY, ...data })
  for (const openid of ['local-volunteer-1', 'local-volunteer-2']) {
    const signup = await call(openid, { action: 'signup' })
    expect(signup.ok).toBe(true)
    expect((await call('local-organizer', { action: 'manualCheckin', openid })).ok).toBe(true)
  }
  const detail = expectOk<any>(await call('local-organizer', { action: 'detail' }))
  e2e.runtime.clock.set(new Date(detail.activity.endAt + MINUTE_MS))
  const page = await e2e.pageAs('local-organizer', WIDE)
  await withScreenshot(page, 'organizer-wide-roster', async () => {
    await page.goto(`${e2e.baseUrl}/?console=0#/packages/activity/pages/roster/index?id=${ACTIVITY}`)
    await page.locator('.act-roster__entry', { hasText: '王小明' }).waitFor()
    await page.locator('.dt__head .dt__check').click()
    await page.getByText('确认所选 2 人的时长').click()
    await page
      .locator('.act-roster__entry', { hasText: '王小明' })
      .getByText(/^已确认 .+ 小时 · \d+ 积分（组织者调整）$/)
      .waitFor()
    await page
      .locator('.act-roster__entry', { hasText: '李娜' })
      .getByText(/^已确认 /)
      .waitFor()
    await page.screenshot({ path: 'test-results/organizer-wide-roster.png', fullPage: true })
  })
}, 90000)

test('wide: union staff export any team’s monthly hours from the dashboard', async () => {
  const page = await e2e.pageAs('local-admin', WIDE)
  await withScreenshot(page, 'admin-wide-hours', async () => {
    await page.goto('about:blank')
    await page.goto(`${e2e.baseUrl}/?console=0#/packages/admin/pages/dashboard/index`)
    await page.getByText('志愿时长月报（按服务队）').waitFor()
    await page.getByText('选择服务队').click()
    await page.locator('.dash__hours .export__button--xlsx').click()
    await page.getByText(/^已导出 \d+ 行$/).waitFor()
  })
}, 60000)
