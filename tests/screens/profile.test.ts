import type { Answer } from '../../functions/contract'
import { answerCloud, cloudCalls, installWeChatDoubles, renderScreen, settle, textOf } from './support/simulate'

/** WeChat's privacy API as it behaves: asking for consent calls the page's onNeedPrivacyAuthorization. */
let agreedToPrivacy = false
function installPrivacyDouble() {
  const wx = (globalThis as any).wx
  let needAuthorization: ((resolve: (r: { event: string }) => void) => void) | undefined
  wx.onNeedPrivacyAuthorization = (handler: typeof needAuthorization) => {
    needAuthorization = handler
  }
  wx.requirePrivacyAuthorize = ({ success, fail }: { success: () => void; fail: () => void }) => {
    if (agreedToPrivacy) return success()
    needAuthorization!((result) => {
      agreedToPrivacy = result.event === 'agree'
      if (agreedToPrivacy) success()
      else fail()
    })
  }
}

const me: Answer<'user', 'me'> = {
  openid: 'local-worker',
  profile: null,
  profileComplete: false,
  roles: [],
  organizerTeams: [],
  counselorId: null,
  settings: {},
  volunteer: { hours: 0, points: 0, activities: 0, noShows: 0, teams: [] },
  unreadMessages: 0,
}

beforeAll(() => {
  installWeChatDoubles()
  installPrivacyDouble()
})

function type(screen: ReturnType<typeof renderScreen>, field: string, value: string) {
  screen.querySelector(`.profile__input--${field}`)!.dispatchEvent('input', { detail: { value } })
}

test('the privacy popup comes first; refusing keeps the form closed but is no dead end: asked again, agreeing opens the form', async () => {
  answerCloud(() => ({ ok: true, data: me }))
  const screen = renderScreen('screens/profile/ProfileScreen')
  await settle()
  expect(textOf(screen)).toContain('用户隐私保护提示')
  expect(screen.querySelector('.profile__input--realName')).toBeUndefined()
  screen.querySelector('.privacy-popup__refuse')!.dispatchEvent('tap')
  await settle()
  expect(textOf(screen)).toContain('您暂未同意隐私保护指引')
  expect(textOf(screen)).toContain('不影响浏览')
  expect(textOf(screen)).not.toContain('出错了')
  expect(agreedToPrivacy).toBe(false)
  // 阅读并同意 asks again (the popup shows), and agreeing opens the form
  screen.querySelector('.profile__ask-again')!.dispatchEvent('tap')
  await settle()
  expect(textOf(screen)).toContain('用户隐私保护提示')
  screen.querySelector('.privacy-popup__agree')!.dispatchEvent('tap')
  await settle()
  expect(agreedToPrivacy).toBe(true)
  expect(screen.querySelector('.profile__input--realName')).toBeTruthy()
})

test('after agreeing, invalid input shows why per field and sends nothing; valid input is saved', async () => {
  agreedToPrivacy = false
  answerCloud((_name, data) => ({ ok: true, data: data.action === 'me' ? me : { ...me, profileComplete: true } }))
  const screen = renderScreen('screens/profile/ProfileScreen')
  await settle()
  screen.querySelector('.privacy-popup__agree')!.dispatchEvent('tap')
  await settle()
  expect(agreedToPrivacy).toBe(true)

  type(screen, 'realName', '王')
  type(screen, 'phone', '1380013')
  await settle()
  screen.querySelector('.profile__submit')!.dispatchEvent('tap')
  await settle()
  const text = textOf(screen)
  expect(text).toContain('姓名应为 2–20 个汉字或字母')
  expect(text).toContain('手机号应为 11 位手机号')
  expect(text).toContain('请填写工作单位')
  expect(cloudCalls.filter((c) => c.data.action === 'updateProfile')).toHaveLength(0)

  type(screen, 'realName', '王小明')
  type(screen, 'phone', '13800138000')
  type(screen, 'workUnit', '青岛地铁')
  await settle()
  screen.querySelector('.profile__submit')!.dispatchEvent('tap')
  await settle()
  expect(cloudCalls.filter((c) => c.data.action === 'updateProfile')).toEqual([
    { name: 'user', data: { action: 'updateProfile', realName: '王小明', phone: '13800138000', workUnit: '青岛地铁' } },
  ])
  expect(textOf(screen)).not.toContain('应为')
})

test('a refusal from the server is shown as its Chinese message', async () => {
  answerCloud((_name, data) =>
    data.action === 'me' ? { ok: true, data: me } : { ok: false, code: 'INVALID_ARGUMENT', message: 'phone：应为 11 位手机号' },
  )
  const screen = renderScreen('screens/profile/ProfileScreen')
  await settle()
  type(screen, 'realName', '王小明')
  type(screen, 'phone', '13800138000')
  type(screen, 'workUnit', '青岛地铁')
  await settle()
  screen.querySelector('.profile__submit')!.dispatchEvent('tap')
  await settle()
  expect(textOf(screen)).toContain('phone：应为 11 位手机号')
})

test('on weapp, the phone-number button fills the phone with the one bound to WeChat', async () => {
  answerCloud((_name, data) =>
    data.action === 'phoneFromCode'
      ? { ok: true, data: { phone: data.code === 'wx-code-1' ? '13912345678' : '' } }
      : { ok: true, data: me },
  )
  agreedToPrivacy = false
  const screen = renderScreen('screens/profile/ProfileScreen')
  await settle()
  screen.querySelector('.privacy-popup__agree')!.dispatchEvent('tap')
  await settle()
  const button = screen.querySelector('.profile__wechat-phone')!
  expect(textOf(button)).toContain('使用微信绑定的手机号')

  // Declining in WeChat's sheet gives no code: nothing is asked.
  button.dispatchEvent('getphonenumber', { detail: { errMsg: 'getPhoneNumber:fail user deny' } })
  await settle()
  expect(cloudCalls.filter((c) => c.data.action === 'phoneFromCode')).toHaveLength(0)

  button.dispatchEvent('getphonenumber', { detail: { errMsg: 'getPhoneNumber:ok', code: 'wx-code-1' } })
  await settle()
  expect(cloudCalls.filter((c) => c.data.action === 'phoneFromCode')).toEqual([
    { name: 'user', data: { action: 'phoneFromCode', code: 'wx-code-1' } },
  ])
  // The form saves the phone it was given.
  type(screen, 'realName', '王小明')
  type(screen, 'workUnit', '青岛地铁')
  await settle()
  screen.querySelector('.profile__submit')!.dispatchEvent('tap')
  await settle()
  expect(cloudCalls.find((c) => c.data.action === 'updateProfile')?.data).toMatchObject({ phone: '13912345678' })
})
