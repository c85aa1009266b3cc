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
