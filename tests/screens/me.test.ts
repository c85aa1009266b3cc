import type { Answer } from '../../functions/contract'
import { answerCloud, cloudCalls, installWeChatDoubles, renderScreen, settle, textOf } from './support/simulate'

const volunteer: Answer<'user', 'me'> = {
  openid: 'o-1',
  profile: { realName: '王小明', phone: '13800138000', workUnit: '青岛地铁' },
  profileComplete: true,
  roles: ['organizer'],
  organizerTeams: ['team-1'],
  counselorId: null,
  settings: {},
  volunteer: { hours: 12.5, points: 120, activities: 4, noShows: 0, teams: ['team-1'] },
  unreadMessages: 0,
}

beforeAll(() => installWeChatDoubles())

test('我的 shows the profile from user.me with the phone masked', async () => {
  answerCloud((name, data) =>
    name === 'user' && data.action === 'me' ? { ok: true, data: volunteer } : { ok: false, code: 'INVALID_ARGUMENT' },
  )
  const screen = renderScreen('screens/me/MeScreen')
  await settle()
  const text = textOf(screen)
  expect(text).toContain('王小明')
  expect(text).toContain('138****8000')
  expect(text).not.toContain('13800138000')
  expect(text).toContain('组织者')
  expect(text).toContain('12.5服务时长（小时）')
  expect(text).toContain('120积分')
  expect(cloudCalls).toEqual([{ name: 'user', data: { action: 'me' } }])
})

test('the menu leads to every service of mine, and to role tools only for their role', async () => {
  answerCloud(() => ({ ok: true, data: volunteer }))
  const organizer = renderScreen('screens/me/MeScreen')
  await settle()
  const text = textOf(organizer)
  for (const entry of ['我的活动', '我的借阅', '借书押金', '我的咨询预约', '消息', '隐私政策', '关于', '发布活动'])
    expect(text).toContain(entry)
  expect(text).not.toContain('咨询师工作台')
  expect(text).not.toContain('管理后台')

  answerCloud(() => ({ ok: true, data: { ...volunteer, roles: ['counselor', 'admin'] } }))
  const staff = renderScreen('screens/me/MeScreen')
  await settle()
  expect(textOf(staff)).toContain('咨询师工作台')
  expect(textOf(staff)).toContain('管理后台')
  expect(textOf(staff)).not.toContain('发布活动')
})

test('我的 shows the Chinese error and retries on tap', async () => {
  let calls = 0
  answerCloud(() =>
    ++calls === 1
      ? { ok: false, code: 'INTERNAL', message: '服务暂时不可用，请稍后重试' }
      : { ok: true, data: { ...volunteer, profile: null, profileComplete: false, roles: [] } },
  )
  const screen = renderScreen('screens/me/MeScreen')
  await settle()
  expect(textOf(screen)).toContain('服务暂时不可用，请稍后重试')
  screen.querySelector('.state__retry')!.dispatchEvent('tap')
  await settle()
  expect(calls).toBe(2)
  expect(textOf(screen)).toContain('未完善资料')
})

test.each([
  ['a network failure', { errMsg: 'cloud.callFunction:fail request:fail errcode:-1' }, '网络不给力，请检查网络后重试'],
  ['a timeout', { errMsg: 'cloud.callFunction:fail timeout' }, '请求超时，请稍后重试'],
])('%s reaching the cloud shows a Chinese message, not a crash', async (_label, failure, message) => {
  answerCloud(() => {
    throw failure
  })
  const screen = renderScreen('screens/me/MeScreen')
  await settle()
  expect(textOf(screen)).toContain(message)
})

test('an answer that is not an envelope is treated as a service failure', async () => {
  answerCloud(() => 'oops')
  const screen = renderScreen('screens/me/MeScreen')
  await settle()
  expect(textOf(screen)).toContain('服务暂时不可用，请稍后重试')
})
