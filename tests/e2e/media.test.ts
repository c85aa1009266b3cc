/**
 * Covers and photos in the browser (issue 15, point 3): an organizer picks a cover picture file → it
 * is compressed, uploaded to the local cloud's storage and shows on the detail and in the list; a
 * counselor sets their photo → workers see it in the counselors list; a file that is not a picture is
 * refused with a clear message.
 */
import type { Page } from 'playwright-core'
import { qrPngDataUrl } from '../../src/components/QrCode/png'
import { screenshotsIn, startE2E, withScreenshot, type E2E, shown } from './support/browser'

let e2e: E2E
const shot = screenshotsIn('media')

beforeAll(async () => {
  e2e = await startE2E()
}, 60000)

afterAll(async () => {
  await e2e?.close()
})

/** A real PNG the browser decodes: a checkerboard, 40 × 40 modules at 8 px. */
function picture(): Buffer {
  const matrix = Array.from({ length: 40 }, (_row, y) => Array.from({ length: 40 }, (_cell, x) => (x + y) % 3 === 0))
  return Buffer.from(qrPngDataUrl(matrix, 8, 0).split(',')[1], 'base64')
}

async function choosePicture(page: Page, button: string, file: { name: string; mimeType: string; buffer: Buffer }) {
  const chooser = page.waitForEvent('filechooser')
  await shown(page, '.picture-picker__button', button).click()
  await (await chooser).setFiles(file)
}

/** The picture inside Taro's <Image> has loaded (a broken link would show nothing). */
async function loadedPicture(page: Page, selector: string): Promise<string> {
  const image = shown(page, `${selector} img`).first()
  await image.waitFor()
  await page.waitForFunction(
    (el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0,
    await image.elementHandle(),
  )
  return (await image.getAttribute('src')) ?? ''
}

test('organizer: a cover picture chosen in the form shows on the detail page and in the list', async () => {
  const page = await e2e.pageAs('local-organizer')
  await withScreenshot(page, 'media-cover', async () => {
    await page.goto(`${e2e.baseUrl}/?console=0#/packages/activity/pages/form/index?id=activity-traffic`)
    // Before a picture is chosen the category's drawn default stands in.
    await shown(page, '.picture-picker .cover--tone-1').waitFor()

    await choosePicture(page, '选择封面', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('不是图片') })
    await shown(page, '.taro-modal__content', '只能上传 JPG、PNG 或 WebP 图片').waitFor()
    await shown(page, '.taro-modal__foot div').first().click()

    await choosePicture(page, '选择封面', { name: 'cover.png', mimeType: 'image/png', buffer: picture() })
    await shown(page, '.picture-picker__image').waitFor()
    await shown(page, '.picture-picker__button', '更换图片').waitFor()
    await shown(page, '.act-form__submit').click()

    // Saved: the detail page (redirected to) shows the stored picture through its link.
    const detailSrc = await loadedPicture(page, '.cover--banner')
    expect(detailSrc).toMatch(/\/__local\/storage\/covers\/[A-Za-z0-9]+\.jpg\?expires=\d+$/)
    await shot(page, 'cover-detail-375')

    await page.goto(`${e2e.baseUrl}/?console=0#/packages/activity/pages/list/index`)
    // The list's card (the detail page may still be leaving: its card has a banner, not a band).
    await page
      .locator('.act-card', { has: page.locator('.cover--card'), hasText: '地铁站文明出行引导' })
      .filter({ visible: true })
      .waitFor()
    await loadedPicture(page, '.act-card:has-text("地铁站文明出行引导") .cover--card')
    // Activities without a cover keep their category's drawn default.
    expect(await shown(page, '.act-card .cover:not(.cover--picture)').count()).toBeGreaterThan(0)
    await shot(page, 'cover-list-375')
    await page.setViewportSize({ width: 320, height: 760 })
    await shot(page, 'cover-list-320')

    // What the server stored: a compressed JPEG bound to the organizer.
    const db = e2e.runtime.cloud.sdkFor({ OPENID: '', SOURCE: 'test' }).database()
    const { data } = await db.collection('activities').doc('activity-traffic').get()
    const { data: media } = await db.collection('media').where({ fileID: data.cover }).get()
    expect(media).toEqual([expect.objectContaining({ owner: 'local-organizer', kind: 'covers' })])
  })
}, 90000)

test('counselor: a photo set on the profile screen shows in the counselors list; others keep the initial', async () => {
  const counselor = await e2e.pageAs('local-counselor-1')
  await withScreenshot(counselor, 'media-photo', async () => {
    await counselor.goto(`${e2e.baseUrl}/?console=0#/packages/counseling/pages/counselor-profile/index`)
    await shown(counselor, '.picture-picker .photo--initial').waitFor()
    await choosePicture(counselor, '上传照片', { name: 'me.png', mimeType: 'image/png', buffer: picture() })
    await shown(counselor, '.picture-picker__image').waitFor()
    await shown(counselor, '.calm__button', '保存').click()
    // Saved: the counselor's record holds the photo (what the list below shows).
    const db = e2e.runtime.cloud.sdkFor({ OPENID: '', SOURCE: 'test' }).database()
    const saved = async () => (await db.collection('counselors').doc('counselor-1').get()).data.photo
    for (let waited = 0; !(await saved()) && waited < 10000; waited += 200) await counselor.waitForTimeout(200)
    expect(await saved()).toMatch(/\/photos\/[A-Za-z0-9]+\.jpg$/)
  })
  const worker = await e2e.pageAs('local-worker')
  await withScreenshot(worker, 'media-photo-list', async () => {
    await worker.goto(`${e2e.baseUrl}/?console=0#/packages/counseling/pages/counselors/index`)
    await shown(worker, '.counselor-card').first().waitFor()
    await loadedPicture(worker, '.counselor-card .photo--lead')
    expect(await shown(worker, '.counselor-card .photo--initial').count()).toBeGreaterThan(0)
    await shot(worker, 'photo-counselors-375')
  })
}, 90000)
