/**
 * Icons on lists (issue 15 point 2), in the browser: activity cards lead their time, place and seats
 * lines with labelled icons; status badges (activity, signup, booking) carry an icon the words already
 * explain (hidden from screen readers); every list cell that opens a page ends in a chevron. Each icon
 * is really drawn: NutUI's picture as the element's mask, at its size.
 */
import type { Locator } from 'playwright-core'
import { startE2E, withScreenshot, type E2E, shown } from './support/browser'

let e2e: E2E

beforeAll(async () => {
  e2e = await startE2E()
}, 60000)

afterAll(async () => {
  await e2e?.close()
})

/** Drawn: a box of its size whose mask is one of NutUI's SVG pictures. */
async function expectDrawn(icon: Locator) {
  const drawn = await icon.evaluate((el) => {
    const style = getComputedStyle(el)
    const rect = el.getBoundingClientRect()
    return { mask: style.webkitMaskImage || style.maskImage, width: rect.width, height: rect.height }
  })
  expect(drawn.mask).toContain('data:image/svg+xml;base64')
  expect(drawn.width).toBeGreaterThan(10)
  expect(drawn.height).toBeGreaterThan(10)
}

test('activity cards: time, place and seats icons with labels, a decorative badge icon, a chevron', async () => {
  const page = await e2e.pageAs('local-worker')
  await withScreenshot(page, 'list-icons-activities', async () => {
    await page.goto(`${e2e.baseUrl}/#/packages/activity/pages/list/index`)
    const card = shown(page, '.act-card').first()
    await card.waitFor()
    const icons = card.locator('.act-card__icon')
    expect(await icons.count()).toBe(3)
    const labels = await icons.evaluateAll((all) => all.map((el) => [el.getAttribute('role'), el.getAttribute('aria-label')]))
    expect(labels.slice(0, 2)).toEqual([
      ['img', '时间'],
      ['img', '地点'],
    ])
    expect(['名额', '时长与积分']).toContain(labels[2][1])
    for (let i = 0; i < 3; i++) await expectDrawn(icons.nth(i))

    const badgeIcon = card.locator('.act-card__badge .status-badge__icon')
    expect(await badgeIcon.getAttribute('aria-hidden')).toBe('true')
    await expectDrawn(badgeIcon)

    const chevron = card.locator('.list-cell__chevron')
    expect(await chevron.getAttribute('aria-hidden')).toBe('true')
    await expectDrawn(chevron)
    // The chevron sits at the card's right edge, beside its content.
    const [cardBox, chevronBox] = [await card.boundingBox(), await chevron.boundingBox()]
    expect(cardBox!.x + cardBox!.width - (chevronBox!.x + chevronBox!.width)).toBeLessThan(40)
  })
}, 60000)

test('my activities, counselors, the bookcase menu and messages: each cell that opens a page ends in a chevron; signup statuses carry icons', async () => {
  const volunteer = await e2e.pageAs('local-volunteer-1')
  await withScreenshot(volunteer, 'list-icons-mine', async () => {
    await volunteer.goto(`${e2e.baseUrl}/#/packages/activity/pages/mine/index`)
    await shown(volunteer, '.act-card').first().waitFor()
    const cards = shown(volunteer, '.act-card')
    const count = await cards.count()
    expect(count).toBeGreaterThan(0)
    expect(await shown(volunteer, '.act-card .list-cell__chevron').count()).toBe(count)
    const badges = shown(volunteer, '.act-mine__badge')
    if ((await badges.count()) > 0) await expectDrawn(badges.first().locator('.status-badge__icon'))
  })

  const worker = await e2e.pageAs('local-worker')
  await withScreenshot(worker, 'list-icons-counselors', async () => {
    await worker.goto(`${e2e.baseUrl}/#/packages/counseling/pages/counselors/index`)
    await shown(worker, '.counselor-card').first().waitFor()
    expect(await shown(worker, '.counselor-card .list-cell__chevron').count()).toBe(await shown(worker, '.counselor-card').count())
  })
  await withScreenshot(worker, 'list-icons-bookcase-menu', async () => {
    await worker.goto(`${e2e.baseUrl}/#/packages/bookcase/pages/cabinet/index`)
    await shown(worker, '.bookcase__menu-item').first().waitFor()
    const items = await shown(worker, '.bookcase__menu-item').count()
    expect(items).toBeGreaterThan(0)
    expect(await shown(worker, '.bookcase__menu-item .list-cell__chevron').count()).toBe(items)
  })
  // The seeded worker has no messages yet: the inbox's answer is made up here (two messages).
  await worker.route('**/cloud/user', async (route) => {
    const body = route.request().postDataJSON() as Record<string, any>
    if (body.action !== 'messages') return route.continue()
    const message = (n: number) => ({
      _id: `m${n}`,
      kind: 'activity',
      title: `通知 ${n}`,
      body: '您已报名成功',
      page: null,
      read: n > 1,
      createdAt: new Date().toISOString(),
    })
    await route.fulfill({
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({ ok: true, data: { items: [message(1), message(2)], hasMore: false, unread: 1 } }),
    })
  })
  await withScreenshot(worker, 'list-icons-messages', async () => {
    await worker.goto(`${e2e.baseUrl}/#/pages/messages/index`)
    await shown(worker, '.messages__item').first().waitFor()
    expect(await shown(worker, '.messages__item').count()).toBe(2)
    expect(await shown(worker, '.messages__item .list-cell__chevron').count()).toBe(2)
  })
}, 60000)
