import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { formatShanghai } from '@domain/time'
import { Empty, ErrorState, Loading } from '../../components/StateView'
import { usePaged } from '../../hooks/usePaged'
import { cloud } from '../../services/cloud'
import type { Answer } from '../../../functions/contract'
import './MessagesScreen.scss'
import ListCell from '../../components/ListCell'

type InboxMessage = Answer<'user', 'messages'>['items'][number]

/**
 * The in-app inbox: every notification also lands here, because WeChat's one-time subscription
 * messages may be refused or used up. Opening a message marks it read and follows its link.
 */
export default function MessagesScreen() {
  const inbox = usePaged((offset) => cloud.user.messages({ offset, pageSize: 20 }), [])
  // Opened or marked here; the server has it too, the list is not reloaded for it.
  const [readHere, setReadHere] = useState<Set<string> | 'all'>(new Set())
  const isRead = (message: InboxMessage) => message.read || readHere === 'all' || readHere.has(message._id)

  Taro.useReachBottom(() => inbox.loadMore())

  const open = (message: InboxMessage) => {
    if (!isRead(message)) {
      setReadHere((current) => (current === 'all' ? current : new Set([...current, message._id])))
      cloud.user.markRead({ ids: [message._id] }).catch(() => undefined)
    }
    if (message.page) Taro.navigateTo({ url: message.page }).catch(() => Taro.switchTab({ url: message.page as string }))
  }

  const markAll = async () => {
    await cloud.user.markRead()
    setReadHere('all')
  }

  if (inbox.status === 'loading') return <Loading />
  if (inbox.status === 'error') return <ErrorState message={inbox.error} onRetry={inbox.reload} />
  if (inbox.items.length === 0) return <Empty title='暂无消息' hint='报名、借阅和预约的通知会显示在这里' />

  return (
    <View className='messages'>
      {inbox.items.some((m) => !isRead(m)) && (
        <Text className='messages__mark-all' onClick={markAll}>
          全部标为已读
        </Text>
      )}
      {inbox.items.map((message) => (
        <ListCell
          key={message._id}
          className={`messages__item ${isRead(message) ? '' : 'messages__item--unread'}`}
          onClick={() => open(message)}
        >
          <Text className='messages__title'>{message.title}</Text>
          <Text className='messages__body'>{message.body}</Text>
          <Text className='messages__time'>{formatShanghai(new Date(message.createdAt))}</Text>
        </ListCell>
      ))}
      {!inbox.hasMore && <Text className='messages__end'>没有更多了</Text>}
    </View>
  )
}
