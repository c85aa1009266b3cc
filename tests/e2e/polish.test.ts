/**
 * What people expect of a polished mini-program (issue 15), in the browser: labelled icons on 首页's
 * services and 我的's cells (with chevrons) and empty states; the 志愿者证 with name, number and its
 * code; search in the activity list; slots with start, end and length.
 */
import type { Page } from 'playwright-core'
import { startE2E, withScreenshot, type E2E, shown } from './support/browser'

let e2e: E2E

beforeAll(async () => {
  e2e = await startE2E()
}, 60000)

afterAll(async () => {
  await e2e?.close()
})

const open = (page: Page, route: string) => page.goto(`${e2e.baseUrl}/?console=0#${route}`)

test('首页 services and 我的 cells carry icons; each cell that opens a page ends in a labelled chevron', async () => {
  const page = await e2e.pageAs('local-worker')
  await withScreenshot(page, 'polish-icons', async () => {
    await open(page, '/pages/home/index')
    await shown(page, '.home__service').first().waitFor()
    expect(await shown(page, '.home__service .app-icon .nut-icon').count()).toBe(3)

    await open(page, '/pages/me/index')
    await shown(page, '.me__item', '我的活动').waitFor()
    const cells = shown(page, '.me__item')
    const count = await cells.count()
    expect(count).toBeGreaterThan(5)
    for (let i = 0; i < count; i++) expect(await cells.nth(i).locator('.me__item-icon .nut-icon').count()).toBe(1)
    const chevron = shown(page, '.me__item', '我的活动').locator('.me__chevron')
    expect(await chevron.getAttribute('aria-label')).toBe('打开')
    expect(await chevron.getAttribute('role')).toBe('img')
  })
}, 60000)

test('志愿者证 shows name, volunteer number, teams and a QR code', async () => {
  const page = await e2e.pageAs('local-volunteer-1')
  await withScreenshot(page, 'polish-card', async () => {
    await open(page, '/packages/activity/pages/card/index')
    await shown(page, '.act-volunteer__number').waitFor()
    expect(await shown(page, '.act-volunteer__number').innerText()).toMatch(/^编号 V\d{8}$/)
    expect((await shown(page, '.act-volunteer__name').innerText()).length).toBeGreaterThan(1)
    expect(await shown(page, '.act-volunteer__teams').first().innerText()).toContain('服务队')
    await shown(page, '.act-volunteer-code .qr__image').waitFor()
  })
}, 60000)

test('the activity list searches by words; nothing found is a friendly empty state with a picture', async () => {
  const page = await e2e.pageAs('local-worker')
  await withScreenshot(page, 'polish-search', async () => {
    await open(page, '/packages/activity/pages/list/index')
    await shown(page, '.act-card').first().waitFor()
    const input = shown(page, '.act-search__input input')
    await input.fill('浴场')
    await input.press('Enter')
    await page.waitForFunction(() => {
      const titles = Array.from(document.querySelectorAll('.act-card__title')).filter((el) => (el as HTMLElement).offsetParent)
      return titles.length === 1
    })
    expect(await shown(page, '.act-card__title').innerText()).toBe('第一海水浴场净滩行动')
    await input.fill('没有这样的活动')
    await input.press('Enter')
    await shown(page, '.state--empty').waitFor()
    expect(await shown(page, '.state--empty .state__picture').getAttribute('aria-label')).toBe('空空如也')
  })
}, 60000)

test("a counselor's slots show start, end and length", async () => {
  const page = await e2e.pageAs('local-worker')
  await withScreenshot(page, 'polish-slots', async () => {
    await open(page, '/packages/counseling/pages/counselor/index?counselorId=counselor-1')
    await shown(page, '.slots__time').first().waitFor()
    expect(await shown(page, '.slots__time').first().innerText()).toMatch(/^\d{2}:\d{2}–\d{2}:\d{2}\s*\d+ 分钟$/)
  })
}, 60000)

test('an organizer verifies a 志愿者证 from its code; a changed code is refused', async () => {
  const card = await e2e.runtime.call<any>('activity', 'local-volunteer-1', { action: 'volunteerCard' })
  if (!card.ok) throw new Error('no card')
  const page = await e2e.pageAs('local-organizer')
  await withScreenshot(page, 'polish-verify', async () => {
    await open(page, `/packages/activity/pages/verify/index?code=${encodeURIComponent(card.data.code)}`)
    await shown(page, '.act-verify__name').waitFor()
    expect(await shown(page, '.act-verify__name').innerText()).toBe(card.data.name)
    expect(await shown(page, '.act-verify').innerText()).toContain(card.data.volunteerNo)

    await shown(page, '.act-search__input input').fill(card.data.code.replace(/\.[^.]+$/, '.local-worker'))
    await shown(page, '.act-verify__scan').click()
    expect(await shown(page, '.act-verify__error').innerText()).toContain('无效')
  })
}, 60000)

test('找书 on a cabinet page finds a title in another cabinet, with its door, and leads there', async () => {
  const page = await e2e.pageAs('local-worker')
  await withScreenshot(page, 'polish-book-search', async () => {
    await open(page, '/packages/bookcase/pages/cabinet/index?cabinetId=cabinet-1')
    await shown(page, '.bookcase__title', '五四广场站职工书柜').waitFor()
    const input = shown(page, '.bookcase__search-input input')
    await input.fill('人世间')
    await input.press('Enter')
    const copy = shown(page, '.bookcase__copy')
    await copy.first().waitFor()
    expect(await copy.count()).toBe(1)
    expect(await copy.innerText()).toMatch(/《人世间》[\s\S]*青岛站职工书柜 · \d+ 号柜门/)
    await copy.click()
    await shown(page, '.bookcase__title', '青岛站职工书柜').waitFor()
  })
}, 60000)
