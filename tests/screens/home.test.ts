import type { Answer } from '../../functions/contract'
import { answerCloud, cloudCalls, installWeChatDoubles, renderScreen, settle, textOf } from './support/simulate'

type Home = Answer<'user', 'home'>
const nothing: Home = { profileComplete: false, nextActivity: null, loans: [], nextSession: null, unreadMessages: 0 }
const activity: NonNullable<Home['nextActivity']> = {
  activityId: 'act-1',
  title: '地铁站文明引导',
  startAt: Date.parse('2026-11-24T01:00:00.000Z'),
  endAt: Date.parse('2026-11-24T04:00:00.000Z'),
  locationName: '五四广场站',
  checkedIn: false,
  checkinOpen: false,
}
const loan: Home['loans'][number] = {
  loanId: 'loan-1',
  title: '平凡的世界',
  dueAt: Date.parse('2026-12-01T02:00:00.000Z'),
  overdueDays: 0,
  feeSoFar: 0,
  dueText: '还剩 3 天',
  feeText: null,
}
const session: NonNullable<Home['nextSession']> = { bookingId: 'b-1', start: Date.parse('2026-11-25T06:00:00.000Z'), status: 'confirmed' }

function showHome(data: Home) {
  answerCloud(() => ({ ok: true, data }))
  return renderScreen('screens/home/HomeScreen')
}

beforeAll(() => installWeChatDoubles())

test('a new worker sees the three services, a prompt to complete the profile and nothing pending', async () => {
  const screen = showHome(nothing)
  await settle()
  const text = textOf(screen)
  for (const service of ['活动报名', '智能书柜', '心理咨询']) expect(text).toContain(service)
  expect(text).toContain('完善个人资料')
  expect(text).toContain('还没有待办事项')
  expect(cloudCalls).toEqual([{ name: 'user', data: { action: 'home' } }])
})

test('a worker with all three sees the next activity, books due and the session time without its topic', async () => {
  const screen = showHome({ ...nothing, profileComplete: true, nextActivity: activity, loans: [loan], nextSession: session })
  await settle()
  const text = textOf(screen)
  expect(text).toContain('地铁站文明引导')
  expect(text).toContain('11月24日 09:00 · 五四广场站')
  expect(text).toContain('《平凡的世界》')
  expect(text).toContain('还剩 3 天 · 应还 12月1日')
  expect(text).toContain('11月25日 14:00 · 已确认')
  expect(text).not.toContain('完善个人资料')
  expect(text).not.toContain('还没有待办事项')
  expect(screen.querySelector('.home__checkin')).toBeUndefined()
})

test('an overdue book shows its days and the fee so far', async () => {
  const overdue = {
    ...loan,
    overdueDays: 5,
    feeSoFar: 600,
    dueText: '已逾期 5 天',
    feeText: '逾期费 6 元（已计 6 天，每天 1 元，不足一天按一天）',
  }
  const screen = showHome({ ...nothing, profileComplete: true, loans: [overdue] })
  await settle()
  expect(textOf(screen)).toContain('已逾期 5 天，逾期费 6 元（已计 6 天，每天 1 元，不足一天按一天）')
})

test('when the check-in window is open the activity card offers check-in', async () => {
  const screen = showHome({ ...nothing, profileComplete: true, nextActivity: { ...activity, checkinOpen: true } })
  await settle()
  expect(textOf(screen)).toContain('现在可以签到，去扫码')
})

test('unread inbox messages show as a badge on the 我的 tab', async () => {
  const wx = (globalThis as any).wx
  const badges: unknown[] = []
  wx.setTabBarBadge = (options: { index: number; text: string; success?: () => void }) => {
    badges.push({ index: options.index, text: options.text })
    options.success?.()
  }
  const screen = showHome({ ...nothing, profileComplete: true, unreadMessages: 3 })
  await settle()
  expect(textOf(screen)).toContain('还没有待办事项')
  expect(badges).toEqual([{ index: 1, text: '3' }])
})
