/**
 * The organizer's rotating check-in code as WeChat's own scanner sees it: the QR drawn on the page
 * decodes to an https-style link under the configured prefix; opening that link (as WeChat opens the
 * mini-program's check-in page, here the H5 app) checks the volunteer in.
 */
import { readQr } from '../support/qr'
import { startE2E, withScreenshot, type E2E } from './support/browser'

let e2e: E2E

beforeAll(async () => {
  e2e = await startE2E()
}, 60000)

afterAll(async () => {
  await e2e?.close()
})

const ACTIVITY = 'activity-elderly' // seeded: starts 10 minutes after the clock's now, check-in already open

test('scan the code on the organizer’s screen, open the link, checked in', async () => {
  expect((await e2e.runtime.call('activity', 'local-volunteer-4', { action: 'signup', activityId: ACTIVITY })).ok).toBe(true)
  const organizer = await e2e.pageAs('local-organizer')
  let link = ''
  await withScreenshot(organizer, 'checkin-link-code', async () => {
    await organizer.goto(`${e2e.baseUrl}/#/packages/activity/pages/checkin/index?id=${ACTIVITY}`)
    const image = organizer.locator('.qr__image img')
    await image.waitFor()
    const src = (await image.getAttribute('src'))!
    link = readQr(Buffer.from(src.replace(/^data:image\/png;base64,/, ''), 'base64'))!
  })
  expect(link).toMatch(
    new RegExp(`^${e2e.runtime.env.checkinUrlPrefix!.replace(/[.?]/g, '\\$&')}\\?t=i[0-9a-z]+\\.[A-Za-z0-9_-]{16}\\.${ACTIVITY}$`),
  )

  const volunteer = await e2e.pageAs('local-volunteer-4')
  await withScreenshot(volunteer, 'checkin-link-volunteer', async () => {
    // The same link form, served by the local cloud: it leads to the H5 check-in page.
    const path = new URL(link)
    await volunteer.goto(`${e2e.baseUrl}${path.pathname}${path.search}`)
    await volunteer.getByText('签到成功').waitFor()
    await volunteer.getByText('社区独居老人探访').waitFor()
    await volunteer.screenshot({ path: 'test-results/checkin-link-375.png' })
  })
  const detail = await e2e.runtime.call<any>('activity', 'local-volunteer-4', { action: 'detail', activityId: ACTIVITY })
  expect(detail.ok && detail.data.mySignup.checkedInAt).toBeTruthy()
}, 90000)
