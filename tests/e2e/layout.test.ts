/**
 * Every screen of every role holds at the narrowest phone: nothing reaches past the 320 px viewport
 * and no text is under 12 px (also at 375 px); and keeps the visual system (issue 15): buttons at
 * least 44 px tall, fields in the app's font, the grey WeUI page, one primary button per screen. The
 * same screens as the tour.
 */
import { startE2E, withScreenshot, type E2E } from './support/browser'
import { TOUR_SCREENS, layoutProblems, openScreen } from './support/tour'

let e2e: E2E

beforeAll(async () => {
  e2e = await startE2E()
}, 60000)

afterAll(async () => {
  await e2e?.close()
})

describe.each([320, 375])('at %i px', (width) => {
  test('no screen overflows the viewport, has text under 12 px, a button under 44 px, a monospace field, a white page or two primary buttons', async () => {
    const found: string[] = []
    for (const screen of TOUR_SCREENS) {
      const page = await e2e.pageAs(screen.openid, { width, height: 760 })
      await withScreenshot(page, `layout-${screen.role}-${screen.name}-${width}`, async () => {
        await openScreen(page, e2e.baseUrl, screen)
        // The screen really rendered (not an empty shell passing by default).
        expect(await page.locator('.taro_page').filter({ visible: true }).innerText()).not.toBe('')
        for (const problem of await layoutProblems(page)) found.push(`${screen.role}/${screen.name}: ${problem.kind} ${problem.what}`)
      })
      await page.context().close()
    }
    expect(found).toEqual([])
  }, 240000)
})
