import { useCallback, useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { formatShanghai } from '@domain/time'
import { Empty, ErrorState, Loading } from '../../components/StateView'
import { errorText } from '../../services/cloud'
import { messagesApi, type InboxMessage } from '../../services/messages'
import './MessagesScreen.scss'

/**
 * The in-app inbox: every notification also lands here, because WeChat's one-time subscription
 * messages may be refused or used up. Opening a message marks it read and follows its link.
 */
export default function MessagesScreen() {
  const [items, setItems] = useState<InboxMessage[]>([])
  const [hasMore, setHasMore] = useState(true)
  const [status, setStatus] = useState<'loading' | 'ready' | 'error'>('loading')
  const [error, setError] = useState('')

  const loadMore = useCallback(async (from: number) => {
    try {
      const page = await messagesApi.list(from)
      setItems((current) => (from === 0 ? page.items : [...current, ...page.items]))
      setHasMore(page.hasMore)
      setStatus('ready')
    } catch (failure) {
      setError(errorText(failure))
      setStatus('error')
    }
  }, [])

  useEffect(() => {
    loadMore(0)
  }, [loadMore])

  Taro.useReachBottom(() => {
    if (hasMore && status === 'ready') loadMore(items.length)
  })

  const open = async (message: InboxMessage) => {
    if (!message.read) {
      setItems((current) => current.map((m) => (m._id === message._id ? { ...m, read: true } : m)))
      messagesApi.markRead([message._id]).catch(() => undefined)
    }
    if (message.page) Taro.navigateTo({ url: message.page }).catch(() => Taro.switchTab({ url: message.page as string }))
  }

  const markAll = async () => {
    await messagesApi.markRead()
    setItems((current) => current.map((m) => ({ ...m, read: true })))
  }

  if (status === 'loading') return <Loading />
  if (status === 'error') return <ErrorState message={error} onRetry={() => loadMore(0)} />
  if (items.length === 0) return <Empty title='暂无消息' hint='报名、借阅和预约的通知会显示在这里' />

  return (
    <View className='messages'>
      {items.some((m) => !m.read) && (
        <Text className='messages__mark-all' onClick={markAll}>
          全部标为已读
        </Text>
      )}
      {items.map((message) => (
        <View key={message._id} className={`messages__item ${message.read ? '' : 'messages__item--unread'}`} onClick={() => open(message)}>
          <Text className='messages__title'>{message.title}</Text>
          <Text className='messages__body'>{message.body}</Text>
          <Text className='messages__time'>{formatShanghai(new Date(message.createdAt))}</Text>
        </View>
      ))}
      {!hasMore && <Text className='messages__end'>没有更多了</Text>}
    </View>
  )
}
