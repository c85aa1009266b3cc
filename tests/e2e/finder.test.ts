/**
 * 附近书柜 on H5 (issue 15): opened from the bookcase page it asks for consent, then the position;
 * the cabinets come nearest first with online state and books, a tap opens the cabinet. Refused
 * (privacy or location), the list is by name without distances and offers 开启定位; a browser with no
 * position to give stands at the demo's 五四广场. Screenshots at 375 and 320 px go to test-results/.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { startE2E, withScreenshot, type E2E } from './support/browser'
import { layoutProblems } from './support/tour'

const WORKER = 'local-volunteer-1'
const RESULTS = path.resolve(__dirname, '../../test-results')
/** WGS-84, as a browser reports it: 30 m from 青岛站's cabinet once turned into GCJ-02 (470 m if it were not). */
const NEAR_QINGDAO_STATION = { latitude: 36.0645, longitude: 120.3066 }

let e2e: E2E

beforeAll(async () => {
  e2e = await startE2E()
}, 60000)

afterAll(async () => {
  await e2e?.close()
})

const FINDER = 'packages/bookcase/pages/finder/index'

async function open(page: Page, route: string) {
  await page.goto('about:blank')
  await page.goto(`${e2e.baseUrl}/#/${route}`)
}

/** The list's cells: [name, distance or null, state, books]. */
async function cells(page: Page) {
  await page.locator('.finder__cell').first().waitFor()
  return page
    .locator('.finder__cell')
    .evaluateAll((nodes) =>
      nodes.map((node) => [
        node.querySelector('.finder__name')?.textContent ?? '',
        node.querySelector('.finder__distance')?.textContent ?? null,
        node.querySelector('.finder__state')?.textContent ?? '',
        node.querySelector('.finder__books')?.textContent ?? '',
      ]),
    )
}

async function screenshot(page: Page, name: string) {
  fs.mkdirSync(RESULTS, { recursive: true })
  for (const width of [375, 320]) {
    await page.setViewportSize({ width, height: 760 })
    await page.waitForTimeout(150)
    await page.screenshot({ path: path.join(RESULTS, `finder-${name}-${width}.png`), fullPage: true })
    // Nothing past the phone's edge, no text under 12 px, buttons 44 px tall, the grey WeUI page.
    expect([name, width, await layoutProblems(page)]).toEqual([name, width, []])
  }
  await page.setViewportSize({ width: 375, height: 760 })
}

const context = (page: Page): BrowserContext => page.context()

/** How many times the page has asked the browser for the position so far. */
async function countPositionRequests(page: Page): Promise<() => number> {
  let count = 0
  await page.exposeFunction('positionAsked', () => {
    count++
  })
  await page.addInitScript(() => {
    const original = navigator.geolocation.getCurrentPosition.bind(navigator.geolocation)
    navigator.geolocation.getCurrentPosition = (...args) => {
      ;(window as unknown as { positionAsked: () => void }).positionAsked()
      original(...args)
    }
  })
  return () => count
}

/** The cabinet page has opened on this cabinet (the finder stays in the DOM behind it, hidden). */
const cabinetPlace = (page: Page, place: string) => page.locator('.bookcase__place', { hasText: place }).waitFor()

test('from the bookcase page: consent, position, nearest first with distance, state and books; tap opens the cabinet', async () => {
  const page = await e2e.pageAs(WORKER)
  await context(page).grantPermissions(['geolocation'], { origin: e2e.baseUrl })
  await context(page).setGeolocation(NEAR_QINGDAO_STATION)
  const asked = await countPositionRequests(page)
  await withScreenshot(page, 'finder-located', async () => {
    await open(page, 'pages/home/index')
    await page.getByText('智能书柜').first().click()
    await page.getByText('附近书柜', { exact: true }).waitFor()
    // Nothing asked for the position before the finder opens.
    expect(asked()).toBe(0)
    await page.getByText('附近书柜', { exact: true }).click()
    // The position is asked for only now, after the privacy guide's consent.
    await page.getByText('用户隐私保护提示').waitFor()
    await page.getByText('同意', { exact: true }).click()
    expect(await cells(page)).toEqual([
      ['青岛站职工书柜', '31 m', '在线', '可借 10 本'],
      ['五四广场站职工书柜', '6.2 km', '在线', '可借 10 本'],
    ])
    await expect(page.getByText('开启定位').count()).resolves.toBe(0)
    // H5 has no map: the list alone.
    await expect(page.locator('.finder__tabs').count()).resolves.toBe(0)
    await screenshot(page, 'located')

    await page.getByText('五四广场站职工书柜').click()
    await cabinetPlace(page, '地铁3号线 五四广场站 B 口站厅')
    expect(page.url()).toContain('cabinetId=cabinet-1')
  })
}, 60_000)

test('location refused: by name without distances, 开启定位 asks again; 找书 leads to the cabinet with the copy', async () => {
  const page = await e2e.pageAs(WORKER)
  await withScreenshot(page, 'finder-refused', async () => {
    // Chromium refuses geolocation to a page it was not granted to.
    await open(page, FINDER)
    await page.getByText('同意', { exact: true }).click()
    await page.getByText('未开启定位，书柜按名称排列。开启后按距离由近到远排列。').waitFor()
    expect(await cells(page)).toEqual([
      ['青岛站职工书柜', null, '在线', '可借 10 本'],
      ['五四广场站职工书柜', null, '在线', '可借 10 本'],
    ])
    await screenshot(page, 'refused')

    // Allowed afterwards (the browser's site setting), 开启定位 sorts by distance.
    await context(page).grantPermissions(['geolocation'], { origin: e2e.baseUrl })
    await context(page).setGeolocation({ latitude: 36.0607, longitude: 120.3789 })
    await page.getByText('开启定位', { exact: true }).click()
    await page.getByText('五四广场站职工书柜').first().waitFor()
    await page.locator('.finder__distance').first().waitFor()
    expect((await cells(page)).map(([name, distance]) => [name, /^\d+ m$/.test(distance ?? '')])).toEqual([
      ['五四广场站职工书柜', true],
      ['青岛站职工书柜', false],
    ])

    // Which cabinet has 三体 → tap → that cabinet.
    const search = page.getByRole('searchbox', { name: '按书名找书（所有书柜）' })
    await search.fill('三体')
    await search.press('Enter')
    await page.getByText('《三体》刘慈欣').click()
    await cabinetPlace(page, '地铁3号线 五四广场站 B 口站厅')
    expect(page.url()).toContain('cabinetId=cabinet-1')
  })
}, 60_000)

test('privacy guide refused: no position asked, the list still shows by name and opens a cabinet', async () => {
  const page = await e2e.pageAs(WORKER)
  const asked = await countPositionRequests(page)
  await withScreenshot(page, 'finder-privacy-refused', async () => {
    await open(page, FINDER)
    await page.getByText('拒绝', { exact: true }).click()
    await page.getByText('未开启定位，书柜按名称排列。开启后按距离由近到远排列。').waitFor()
    expect((await cells(page)).map(([name, distance]) => [name, distance])).toEqual([
      ['青岛站职工书柜', null],
      ['五四广场站职工书柜', null],
    ])
    expect(asked()).toBe(0)
    await page.getByText('青岛站职工书柜').click()
    await cabinetPlace(page, '青岛站 候车大厅 2 号检票口旁')
    expect(page.url()).toContain('cabinetId=cabinet-2')
  })
}, 60_000)

test('a browser without geolocation stands at the demo position, 五四广场, and says so', async () => {
  const page = await e2e.pageAs(WORKER)
  await page.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'geolocation', { get: () => undefined })
  })
  await withScreenshot(page, 'finder-demo', async () => {
    await open(page, FINDER)
    await page.getByText('同意', { exact: true }).click()
    await page.getByText('本地演示：浏览器未提供位置，以五四广场为当前位置').waitFor()
    expect((await cells(page)).map(([name, distance]) => [name, distance])).toEqual([
      ['五四广场站职工书柜', '602 m'],
      ['青岛站职工书柜', '6.5 km'],
    ])
  })
}, 60_000)
