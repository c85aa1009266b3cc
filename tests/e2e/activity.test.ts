import { MINUTE_MS } from '../../domain/time'
import { startE2E, withScreenshot, type E2E } from './support/browser'

let e2e: E2E

beforeAll(async () => {
  e2e = await startE2E()
}, 60000)

afterAll(async () => {
  await e2e?.close()
})

const ACTIVITY = 'activity-elderly' // seeded: starts 10 minutes after the clock's now, check-in already open

test('a volunteer signs up, checks in with the organizer’s rotating code, and sees the hours the organizer confirms', async () => {
  const volunteer = await e2e.pageAs('local-volunteer-3')
  const organizer = await e2e.pageAs('local-organizer')
  const detailUrl = `${e2e.baseUrl}/#/packages/activity/pages/detail/index?id=${ACTIVITY}`
  await withScreenshot(volunteer, 'activity-volunteer', async () => {
    await volunteer.goto(detailUrl)
    await volunteer.getByText('社区独居老人探访').first().waitFor()
    await volunteer.locator('.act-main', { hasText: '报名' }).click()
    await volunteer.locator('.act-main', { hasText: '扫码签到' }).waitFor()

    // The organizer's page shows the current token under its QR code.
    await withScreenshot(organizer, 'activity-organizer-code', async () => {
      await organizer.goto(`${e2e.baseUrl}/#/packages/activity/pages/checkin/index?id=${ACTIVITY}`)
      await organizer.locator('.qr__image').waitFor()
    })
    const token = (await organizer.locator('.qr__text').innerText()).trim()
    expect(token).toMatch(/^i[0-9a-z]+\.[A-Za-z0-9_-]{16}\.activity-elderly$/)

    // No camera in the browser: the volunteer types the code instead of scanning it.
    await volunteer.locator('.act-main', { hasText: '扫码签到' }).click()
    await volunteer.locator('.act-code-entry__input input').fill(token)
    await volunteer.locator('.act-code-entry__submit').click()
    await volunteer.getByText(/签到：\d\d:\d\d/).waitFor()
  })

  // The activity ends (it lasts 3 hours); the organizer confirms the hours from the roster.
  const { data } = await e2e.runtime.cloud
    .sdkFor({ OPENID: '', SOURCE: 'test' })
    .database()
    .collection('activities')
    .where({ _id: ACTIVITY })
    .get()
  e2e.runtime.clock.set(new Date(new Date(data[0].endAt).getTime() + MINUTE_MS))
  await withScreenshot(organizer, 'activity-organizer-roster', async () => {
    await organizer.goto(`${e2e.baseUrl}/#/packages/activity/pages/roster/index?id=${ACTIVITY}`)
    const entry = organizer.locator('.act-roster__entry', { hasText: '张伟' })
    await entry.getByText('未签退，最多 2.5 小时').waitFor()
    await entry.locator('.act-roster__confirm').click()
    await entry.getByText('已确认 2.5 小时 · 25 积分（组织者调整）').waitFor()
  })

  await withScreenshot(volunteer, 'activity-volunteer-hours', async () => {
    await volunteer.goto(`${e2e.baseUrl}/#/packages/activity/pages/card/index`)
    await volunteer.locator('.act-volunteer__hours', { hasText: '2.5 小时' }).waitFor()
    await volunteer.goto(detailUrl)
    await volunteer.getByText('已确认 2.5 小时 · 25 积分').waitFor()
  })
}, 90000)
