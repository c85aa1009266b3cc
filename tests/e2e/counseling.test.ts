import { shanghaiInstant } from '../../domain/time'
import { startE2E, withScreenshot, type E2E } from './support/browser'

let e2e: E2E

beforeAll(async () => {
  e2e = await startE2E()
  // Monday 08:00 in Shanghai: counselor-1's first free slot is today at 14:00.
  e2e.runtime.clock.set(shanghaiInstant('2026-11-23', '08:00'))
}, 60000)

afterAll(async () => {
  await e2e?.close()
})

test('a worker books, the counselor confirms, the worker sees it confirmed', async () => {
  const worker = await e2e.pageAs('local-volunteer-1')
  await withScreenshot(worker, 'counseling-book', async () => {
    await worker.goto(`${e2e.baseUrl}/#/packages/counseling/pages/counselors/index`)
    await worker.getByText('周心怡').click()
    await worker.locator('.slots__time', { hasText: '14:00' }).first().click()
    // Earlier pages stay in the DOM (hidden) in H5: everything below is looked up inside the form.
    const form = worker.locator('.booking-form')
    await form.locator('.chip--mode-online').click()
    await form.locator('.chip', { hasText: '情绪压力' }).click()
    await form.locator('.field__phone input').fill('13812345678')
    await form.locator('.consent').click()
    await form.locator('.booking-form__submit').click()
    await form.locator('.privacy-popup__agree').click()
    await worker.getByText('预约已提交').waitFor()
  })

  const counselor = await e2e.pageAs('local-counselor-1')
  await withScreenshot(counselor, 'counseling-confirm', async () => {
    await counselor.goto(`${e2e.baseUrl}/#/packages/counseling/pages/counselor-bookings/index`)
    await counselor.getByText('王小明').waitFor()
    await counselor.locator('.booking', { hasText: '王小明' }).getByText('确认', { exact: true }).click()
    await counselor.locator('.booking .status', { hasText: '已确认' }).waitFor()
  })

  await withScreenshot(worker, 'counseling-confirmed', async () => {
    await worker.goto(`${e2e.baseUrl}/#/packages/counseling/pages/my-bookings/index`)
    await worker.locator('.booking', { hasText: '周心怡' }).locator('.status', { hasText: '已确认' }).waitFor()
  })
}, 90000)
