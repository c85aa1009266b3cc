import { startE2E, withScreenshot, type E2E } from './support/browser'

let e2e: E2E

beforeAll(async () => {
  e2e = await startE2E()
}, 60000)

afterAll(async () => {
  await e2e?.close()
})

const WORKER = 'local-worker' // seeded without a profile
const ACTIVITY_TITLE = '职工心理健康公益讲座' // seeded: published, 50 seats, a week ahead

test('a new worker agrees to the privacy guide, completes the profile, signs up and sees 首页 fill in', async () => {
  const page = await e2e.pageAs(WORKER)
  // Taro's H5 router keeps the pages below the current one in the DOM, hidden: look at what is shown.
  const shown = (selector: string, hasText?: string) => page.locator(selector, { hasText }).filter({ visible: true })
  await withScreenshot(page, 'newcomer', async () => {
    await page.goto(`${e2e.baseUrl}/#/pages/home/index`)
    const profileHint = page.locator('.home__card--hint', { hasText: '完善个人资料' })
    await page.getByText('还没有待办事项').waitFor()
    await profileHint.click()

    // Nothing personal is asked before the privacy guide is agreed to.
    await page.getByText('用户隐私保护提示').waitFor()
    expect(await page.locator('.profile__input--realName').count()).toBe(0)
    await page.locator('.privacy-popup__agree').click()

    await page.locator('.profile__input--realName input').fill('赵晓燕')
    await page.locator('.profile__input--phone input').fill('13800138000')
    await page.locator('.profile__input--workUnit input').fill('青岛地铁运营分公司')
    // On H5 the phone is typed: WeChat's phone-number button exists on weapp only.
    expect(await page.locator('.profile__wechat-phone').count()).toBe(0)
    await page.locator('.profile__submit').click()

    // Saved, the form goes back to 首页, which no longer asks for the profile.
    await page.locator('.home__services').waitFor()
    await profileHint.waitFor({ state: 'detached' })

    await page.locator('.home__service--activity').click()
    await shown('.act-card', ACTIVITY_TITLE).click()
    await shown('.act-main--signup').click()
    await shown('.act-mine__status', '已报名').waitFor()

    // Back to the list (its filter tabs), then back to 首页.
    await page.goBack()
    await shown('.act-tabs').waitFor()
    await page.goBack()
    await shown('.home__card', '下一个活动').getByText(ACTIVITY_TITLE).waitFor()
    await page.getByText('还没有待办事项').waitFor({ state: 'detached' })
  })

  const users = e2e.runtime.cloud.sdkFor({ OPENID: '', SOURCE: 'test' }).database().collection('users')
  const { data } = await users.where({ _id: WORKER }).get()
  expect(data[0].profile).toEqual({ realName: '赵晓燕', phone: '13800138000', workUnit: '青岛地铁运营分公司' })
}, 90000)
