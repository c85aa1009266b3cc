import type { Answer } from '../../functions/contract'
import { answerCloud, cloudCalls, installWeChatDoubles, renderScreen, settle, textOf } from './support/simulate'

const topics: Answer<'user', 'dashboard'>['counseling']['topics'] = [
  '情绪压力',
  '职场关系',
  '婚恋家庭',
  '亲子教育',
  '睡眠问题',
  '个人成长',
  '其他',
]
const noTopics = Object.fromEntries(topics.map((t) => [t, 0]))
const months = ['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']

const dashboard: Answer<'user', 'dashboard'> = {
  months,
  activity: months.map((month, i) => ({ month, signups: i * 10, hours: i === 5 ? 37.5 : i * 5 })),
  loansByCabinet: [
    { cabinetId: 'cabinet-1', name: '五四广场站职工书柜', loans: 40 },
    { cabinetId: 'cabinet-2', name: '青岛站职工书柜', loans: 10 },
  ],
  overdueLoans: 7,
  counseling: {
    topics,
    byMonth: months.map((month) =>
      month === '2026-11'
        ? { month, sessions: 4, topics: { ...noTopics, 情绪压力: 3, 婚恋家庭: 1 } }
        : { month, sessions: 0, topics: noTopics },
    ),
  },
}

beforeAll(() => installWeChatDoubles())

/** The inline widths of the elements matching `selector`, in document order. */
function widths(screen: ReturnType<typeof renderScreen>, selector: string): string[] {
  return screen.querySelectorAll(selector).map((el: any) => /width:\s*([\d.]+%)/.exec(el.dom.getAttribute('style') ?? '')?.[1] ?? '')
}

test('the dashboard shows the counts and draws each bar as a share of the largest', async () => {
  answerCloud((name, data) =>
    name === 'user' && data.action === 'dashboard' ? { ok: true, data: dashboard } : { ok: false, code: 'INVALID_ARGUMENT' },
  )
  const screen = renderScreen('screens/admin/DashboardScreen')
  await settle()
  const text = textOf(screen)
  expect(cloudCalls).toEqual([{ name: 'user', data: { action: 'dashboard' } }])
  expect(text).toContain('当前逾期未还7本')
  // A month's row: its label, then signups and hours.
  expect(text).toContain('11月5037.5')
  for (const label of ['五四广场站职工书柜40', '青岛站职工书柜10', '婚恋家庭', '11月4']) expect(text).toContain(label)

  expect(widths(screen, '.dash__bar--signups')).toEqual(['0%', '20%', '40%', '60%', '80%', '100%'])
  expect(widths(screen, '.dash__bar--hours')).toEqual(['0%', '13.3%', '26.7%', '40%', '53.3%', '100%'])
  expect(widths(screen, '.dash__bar--loans')).toEqual(['100%', '25%'])
  // November's sessions fill the track, three parts stress to one part family.
  expect(widths(screen, '.dash__stack').slice(-1)).toEqual(['100%'])
  expect(widths(screen, '.dash__segment')).toEqual(['75%', '25%'])
})

test('a non-admin sees the Chinese refusal, and a retry asks again', async () => {
  let calls = 0
  answerCloud(() => (++calls === 1 ? { ok: false, code: 'FORBIDDEN', message: '需要管理员权限' } : { ok: true, data: dashboard }))
  const screen = renderScreen('screens/admin/DashboardScreen')
  await settle()
  expect(textOf(screen)).toContain('需要管理员权限')
  expect(screen.querySelectorAll('.dash__bar')).toHaveLength(0)
  screen.querySelector('.state__retry')!.dispatchEvent('tap')
  await settle()
  expect(calls).toBe(2)
  expect(textOf(screen)).toContain('当前逾期未还')
})
