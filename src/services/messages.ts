import Taro from '@tarojs/taro'
import { callCloud } from './cloud'

export interface InboxMessage {
  _id: string
  kind: string
  title: string
  body: string
  page: string | null
  read: boolean
  createdAt: string
}

export interface InboxPage {
  items: InboxMessage[]
  hasMore: boolean
  unread: number
}

export const messagesApi = {
  list: (offset: number, pageSize = 20) => callCloud<InboxPage>('user', 'messages', { offset, pageSize }),
  markRead: (ids?: string[]) => callCloud<{ marked: number; unread: number }>('user', 'markRead', ids ? { ids } : {}),
}

/** 我的 is the second tab: its badge counts unread inbox messages, from whichever tab saw them last. */
const ME_TAB_INDEX = 1

export function showUnreadBadge(unread: number): void {
  const update =
    unread > 0
      ? Taro.setTabBarBadge({ index: ME_TAB_INDEX, text: unread > 99 ? '99+' : String(unread) })
      : Taro.removeTabBarBadge({ index: ME_TAB_INDEX })
  update.catch(() => undefined)
}
