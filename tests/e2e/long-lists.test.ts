/**
 * Long lists on H5 with a real page scroll (issue 13): the activity list pages in 200 activities as
 * the person scrolls down, keeps only the cards near the screen in the page, and shows the right
 * cards wherever it is scrolled; in a roster of 300, checking one person in by hand changes that row
 * and leaves the page where it was. The cloud's answers for these long lists are made up (a seeded
 * local cloud has a handful of each); everything else is the real local cloud.
 */
import type { Page } from 'playwright-core'
import { startE2E, withScreenshot, type E2E } from './support/browser'
import { activityListPage, rosterOf } from '../support/long-list-fixtures'

let e2e: E2E

beforeAll(async () => {
  e2e = await startE2E()
}, 60000)

afterAll(async () => {
  await e2e?.close()
})

/** Answers the activity function's actions named in `answers` (the rest go to the local cloud). */
async function answerActivity(page: Page, answers: Record<string, (body: Record<string, any>) => unknown>) {
  await page.route('**/cloud/activity', async (route) => {
    const body = route.request().postDataJSON() as Record<string, any>
    const answer = answers[body.action]
    if (!answer) return route.continue()
    return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(answer(body)) })
  })
}

// On H5 the page scrolls inside Taro's page element (its own onPageScroll and reach-bottom follow it).
const PAGE = `Array.from(document.querySelectorAll('.taro_page')).filter((el) => el.checkVisibility()).at(-1)`
const pageNodes = (page: Page) => page.evaluate(`${PAGE}.querySelectorAll('*').length`) as Promise<number>
const scrollTo = (page: Page, y: number) => page.evaluate(`${PAGE}.scrollTop = ${y}`)
const scrollY = (page: Page) => page.evaluate(`${PAGE}.scrollTop`) as Promise<number>
const scrollHeight = (page: Page) => page.evaluate(`${PAGE}.scrollHeight`) as Promise<number>
/** As a thumb does: up to just above the end, then to the end (reach-bottom fires on entering the end). */
async function scrollToEnd(page: Page) {
  await scrollTo(page, (await scrollHeight(page)) - 760 - 300)
  await page.waitForTimeout(100)
  await scrollTo(page, 1e7)
  await page.waitForTimeout(250)
}
/** The titles of the cards now inside the viewport. */
const cardsOnScreen = (page: Page) =>
  page.evaluate(() =>
    Array.from(document.querySelectorAll('.act-card__title'))
      .filter((title) => {
        const rect = title.getBoundingClientRect()
        return rect.height > 0 && rect.bottom > 0 && rect.top < window.innerHeight
      })
      .map((title) => title.textContent ?? ''),
  )

test('200 activities paged in by scrolling: only the cards near the screen are in the page, each place shows its cards', async () => {
  const page = await e2e.pageAs('local-worker')
  await answerActivity(page, { list: (body) => activityListPage(body.offset ?? 0, body.pageSize ?? 20, 200) })
  await withScreenshot(page, 'long-lists-activities', async () => {
    await page.goto(`${e2e.baseUrl}/#/packages/activity/pages/list/index`)
    await page.locator('.act-card').first().waitFor()
    // Scroll to the bottom until the list ends: each reach-bottom reads the next page.
    for (let i = 0; i < 60 && !(await page.locator('.act-end').isVisible()); i++) {
      await scrollToEnd(page)
    }
    await page.locator('.act-end', { hasText: '没有更多了' }).waitFor()
    await scrollTo(page, 1e7)
    await page.waitForTimeout(300)
    expect(await page.locator('.act-list .wl__block').count()).toBe(20)
    const rendered = await page.locator('.act-card').count()
    const nodes = await pageNodes(page)
    console.log(`H5 activity list, 200 loaded: ${rendered} cards rendered, ${nodes} nodes in the page`)
    expect(rendered).toBeLessThan(45)
    expect(nodes).toBeLessThan(1000)
    expect((await cardsOnScreen(page)).some((title) => title.endsWith('第 199 场'))).toBe(true)

    // Back to the middle and to the top: the cards there are drawn again where they were.
    const height = await scrollHeight(page)
    await scrollTo(page, height / 2)
    await page.waitForTimeout(300)
    const middle = await cardsOnScreen(page)
    expect(middle.length).toBeGreaterThan(0)
    const shownNumber = Number(/第 (\d+) 场/.exec(middle[0])?.[1])
    expect(shownNumber).toBeGreaterThan(60)
    expect(shownNumber).toBeLessThan(140)
    await scrollTo(page, 0)
    await page.waitForTimeout(300)
    expect((await cardsOnScreen(page))[0]).toContain('第 0 场')
    await page.screenshot({ path: 'test-results/long-lists-activities.png' })
  })
}, 120000)

test('a roster of 300: a check-in by hand in the middle changes that row and keeps the scroll', async () => {
  const { detail, activity, manage, entryAt } = rosterOf(300)
  const page = await e2e.pageAs('local-organizer')
  await answerActivity(page, {
    detail: () => ({ ok: true, data: detail }),
    roster: (body) => {
      const from = body.offset ?? 0
      const items = Array.from({ length: Math.min(50, 300 - from) }, (_, i) => entryAt(from + i))
      return { ok: true, data: { items, hasMore: from + items.length < 300, activity, confirmedCount: 300, manage } }
    },
    manualCheckin: (body) => {
      const entry = entryAt(Number(String(body.openid).slice('vol-'.length)))
      return { ok: true, data: { ...entry, checkedInAt: detail.now, manualCheckin: { by: 'local-organizer', at: detail.now } } }
    },
  })
  await withScreenshot(page, 'long-lists-roster', async () => {
    await page.goto(`${e2e.baseUrl}/#/packages/activity/pages/roster/index?id=act-1`)
    await page.locator('.act-roster__entry').first().waitFor()
    for (let i = 0; i < 30 && !(await page.locator('.act-end').isVisible()); i++) {
      await scrollToEnd(page)
    }
    await page.locator('.act-end').waitFor()
    const nodes = await pageNodes(page)
    console.log(`H5 roster of 300: ${await page.locator('.act-roster__entry').count()} rows rendered, ${nodes} nodes in the page`)
    expect(nodes).toBeLessThan(1000)

    const height = await scrollHeight(page)
    await scrollTo(page, height / 2)
    await page.waitForTimeout(300)
    // A row inside the viewport, with its 手工签到.
    const target = await page.evaluate(() => {
      const row = Array.from(document.querySelectorAll('.act-roster__entry')).find((entry) => {
        const rect = entry.getBoundingClientRect()
        return rect.top > 0 && rect.bottom < window.innerHeight && entry.querySelector('.act-roster__manual')
      })
      return row?.querySelector('.act-roster__name')?.textContent ?? ''
    })
    expect(target).toMatch(/^志愿者\d+$/)
    const before = await scrollY(page)
    const row = page.locator('.act-roster__entry', { has: page.locator('.act-roster__name', { hasText: new RegExp(`^${target}$`) }) })
    await row.locator('.act-roster__manual').click()
    await row.getByText('（手工）', { exact: false }).waitFor()
    expect(await row.locator('.act-roster__manual').count()).toBe(0)
    expect(Math.abs((await scrollY(page)) - before)).toBeLessThanOrEqual(2)
    await page.screenshot({ path: 'test-results/long-lists-roster.png' })
  })
}, 120000)
