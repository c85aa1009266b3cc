/**
 * 关怀模式 (issue 15, point 7): switched on in 我的 → 设置, every screen's body text is at least 20 px,
 * darker, with larger tap targets, and still nothing reaches past a 320 px screen; it is kept per
 * person (still on after a reload, off for someone else on the same browser) and switches off again.
 */
import type { Page } from 'playwright-core'
import { screenshotsIn, startE2E, withScreenshot, type E2E } from './support/browser'
import { TOUR_SCREENS, layoutProblems, openScreen } from './support/tour'

let e2e: E2E
const shot = screenshotsIn('care-mode')

beforeAll(async () => {
  e2e = await startE2E()
}, 60000)

afterAll(async () => {
  await e2e?.close()
})

/** The screens checked with 关怀模式 on: the tabs and a screen of each service, as a volunteer sees them. */
const CHECKED = ['home', 'me', 'activity-list', 'activity-detail', 'counselors', 'cabinet']
const screens = TOUR_SCREENS.filter((screen) => screen.role === 'worker' && CHECKED.includes(screen.name))

/** The body text size of the shown page (its root), and of a sample of its plain text. */
const bodySizes = (page: Page) =>
  page.evaluate(() => {
    const root = Array.from(document.querySelectorAll('.page-root')).find((el) => el.checkVisibility()) as HTMLElement
    return {
      root: parseFloat(getComputedStyle(root).fontSize),
      secondaryColor: getComputedStyle(root).getPropertyValue('--color-text-secondary').trim(),
    }
  })

async function switchCareMode(page: Page, on: boolean) {
  await openScreen(
    page,
    e2e.baseUrl,
    TOUR_SCREENS.find((screen) => screen.name === 'me')!,
  )
  const toggle = page.locator('.care-mode-switch').filter({ visible: true })
  const input = toggle.locator('input')
  if ((await input.isChecked()) !== on) await toggle.click()
  expect(await input.isChecked()).toBe(on)
}

test.each([320, 375])(
  'at %i px: body text ≥ 20 px, darker secondary text, nothing overflows',
  async (width) => {
    const page = await e2e.pageAs('local-worker', { width, height: 760 })
    await withScreenshot(page, `care-mode-${width}`, async () => {
      await openScreen(page, e2e.baseUrl, screens[0])
      const before = await bodySizes(page)
      expect(before.root).toBeLessThan(20)

      await switchCareMode(page, true)
      // The 我的 page itself follows at once.
      expect((await bodySizes(page)).root).toBeGreaterThanOrEqual(20)
      await shot(page, `me-${width}`, { fullPage: true })

      const found: string[] = []
      for (const screen of screens) {
        await openScreen(page, e2e.baseUrl, screen)
        const sizes = await bodySizes(page)
        expect({ screen: screen.name, ok: sizes.root >= 20 }).toEqual({ screen: screen.name, ok: true })
        expect(sizes.secondaryColor).toBe('#404040')
        // A line of ordinary text on the screen is body-sized too (not only the root's setting).
        const textSize = await page.evaluate(() => {
          const root = Array.from(document.querySelectorAll('.page-root')).find((el) => el.checkVisibility()) as HTMLElement
          const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
          const seen: number[] = []
          for (let node = walker.nextNode(); node; node = walker.nextNode())
            if ((node.textContent ?? '').trim() && node.parentElement?.checkVisibility())
              seen.push(parseFloat(getComputedStyle(node.parentElement).fontSize))
          return Math.max(...seen)
        })
        expect(textSize).toBeGreaterThanOrEqual(20)
        for (const problem of await layoutProblems(page)) found.push(`${screen.name}: ${problem.kind} ${problem.what}`)
        await shot(page, `${screen.name}-${width}`, { fullPage: true })
      }
      expect(found).toEqual([])
    })
  },
  180000,
)

test('kept per person: still on after a reload, off for another persona on the same browser, and it switches off', async () => {
  // One browser storage for two people (pageAs would pin one persona on every load).
  const context = await e2e.browser.newContext({ viewport: { width: 375, height: 760 }, locale: 'zh-CN', isMobile: true, hasTouch: true })
  const page = await context.newPage()
  const actAs = async (openid: string) => {
    await page.goto(`${e2e.baseUrl}/?console=0`)
    await page.evaluate((id) => window.localStorage.setItem('localPersona', JSON.stringify({ data: id })), openid)
  }
  await withScreenshot(page, 'care-mode-kept', async () => {
    await actAs('local-volunteer-2')
    await switchCareMode(page, true)
    await page.reload()
    await openScreen(page, e2e.baseUrl, screens[0])
    expect((await bodySizes(page)).root).toBeGreaterThanOrEqual(20)

    await actAs('local-volunteer-3')
    await page.reload()
    await openScreen(page, e2e.baseUrl, screens[0])
    expect((await bodySizes(page)).root).toBeLessThan(20)

    await actAs('local-volunteer-2')
    await page.reload()
    await openScreen(page, e2e.baseUrl, screens[0])
    expect((await bodySizes(page)).root).toBeGreaterThanOrEqual(20)
    await switchCareMode(page, false)
    await openScreen(page, e2e.baseUrl, screens[0])
    expect((await bodySizes(page)).root).toBeLessThan(20)
  })
  await context.close()
}, 90000)
