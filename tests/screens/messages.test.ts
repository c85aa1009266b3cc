import type { Answer } from '../../functions/contract'
import { answerCloud, cloudCalls, installWeChatDoubles, renderScreen, settle, textOf } from './support/simulate'

const message = (id: number, read: boolean): Answer<'user', 'messages'>['items'][number] => ({
  _id: `m${id}`,
  kind: 'waitlistPromoted',
  title: `候补转正 ${id}`,
  body: '您已从候补转为正式报名',
  page: null,
  read,
  createdAt: Date.parse('2026-11-23T01:30:00.000Z'),
})

beforeAll(() => installWeChatDoubles())

test('an empty inbox says so', async () => {
  answerCloud(() => ({ ok: true, data: { items: [], hasMore: false, unread: 0 } }))
  const screen = renderScreen('screens/messages/MessagesScreen')
  await settle()
  expect(textOf(screen)).toContain('暂无消息')
})

test('messages show newest first with Shanghai time; opening an unread one marks it read', async () => {
  answerCloud((_name, data) =>
    data.action === 'messages'
      ? { ok: true, data: { items: [message(2, false), message(1, true)], hasMore: false, unread: 1 } }
      : { ok: true, data: { marked: 1, unread: 0 } },
  )
  const screen = renderScreen('screens/messages/MessagesScreen')
  await settle()
  const text = textOf(screen)
  expect(text.indexOf('候补转正 2')).toBeLessThan(text.indexOf('候补转正 1'))
  expect(text).toContain('11月23日 09:30')
  expect(screen.querySelectorAll('.messages__item--unread')).toHaveLength(1)
  screen.querySelector('.messages__item--unread')!.dispatchEvent('tap')
  await settle()
  expect(cloudCalls.at(-1)).toEqual({ name: 'user', data: { action: 'markRead', ids: ['m2'] } })
  expect(screen.querySelectorAll('.messages__item--unread')).toHaveLength(0)
})
