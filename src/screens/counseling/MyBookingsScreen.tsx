import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Text, Textarea, View } from '@tarojs/components'
import { Empty, ErrorState, Loading } from '../../components/StateView'
import { useCloudData } from '../../hooks/useCloudData'
import { cloud, errorText } from '../../services/cloud'
import { confirmDestructive } from '../../components/confirm'
import HotlineBanner from './HotlineBanner'
import { PAGES, modeLabel, sessionTime, type MyBooking } from './format'
import './counseling.scss'
import StatusBadge from '../../components/StatusBadge'

type Scope = 'upcoming' | 'past'

/** Runs an action; its answer (the booking's new state) is shown at once, a refusal reloads the list. */
async function act<T>(work: () => Promise<T>, done: string, onAnswer: (answer: T) => void, reload: () => void) {
  try {
    const answer = await work()
    onAnswer(answer)
    Taro.showToast({ title: done, icon: 'success' })
  } catch (error) {
    Taro.showModal({ title: '操作未完成', content: errorText(error), showCancel: false })
    reload()
  }
}

function FeedbackForm({ booking, onSent, reload }: { booking: MyBooking; onSent: (updated: MyBooking) => void; reload: () => void }) {
  const [rating, setRating] = useState(0)
  const [text, setText] = useState('')
  return (
    <View className='feedback'>
      <View className='feedback__stars'>
        {[1, 2, 3, 4, 5].map((n) => (
          <Text key={n} className={`feedback__star ${n <= rating ? 'feedback__star--on' : ''}`} onClick={() => setRating(n)}>
            ★
          </Text>
        ))}
      </View>
      <Textarea
        className='field__textarea'
        value={text}
        maxlength={300}
        placeholder='说说这次咨询的感受（选填）'
        onInput={(e) => setText(e.detail.value)}
      />
      <Button
        className='calm__button calm__button--small'
        disabled={rating === 0}
        onClick={() => act(() => cloud.counseling.feedback({ bookingId: booking.bookingId, rating, text }), '感谢评价', onSent, reload)}
      >
        提交评价
      </Button>
    </View>
  )
}

/** The worker's bookings, upcoming and past: cancel, reschedule, feedback. */
export default function MyBookingsScreen() {
  const [scope, setScope] = useState<Scope>('upcoming')
  const [state, reload, show] = useCloudData(() => cloud.counseling.myBookings({ scope }), [scope])
  const replace = (updated: MyBooking) => {
    if (state.status !== 'ready') return
    show({ ...state.data, items: state.data.items.map((b) => (b.bookingId === updated.bookingId ? updated : b)) })
  }

  const cancel = async (booking: MyBooking) => {
    const sure = await confirmDestructive({
      title: '取消这次咨询？',
      content: '取消后这个时段会让给其他人，咨询师会收到通知。',
      confirmText: '取消预约',
    })
    if (sure)
      await act(() => cloud.counseling.cancel({ bookingId: booking.bookingId }) as Promise<MyBooking>, '已取消预约', replace, reload)
  }

  const exportData = () =>
    cloud.counseling.exportMyData().then(
      (data) =>
        Taro.setClipboardData({ data: JSON.stringify(data, null, 2) }).then(() =>
          Taro.showToast({ title: '已复制到剪贴板', icon: 'success' }),
        ),
      (error) => Taro.showModal({ title: '未能导出', content: errorText(error), showCancel: false }),
    )
  const deleteData = async () => {
    const sure = await confirmDestructive({
      title: '删除我的咨询数据？',
      content: '将删除您的预约信息、联系方式、评价和相关消息，且无法恢复。',
      confirmText: '删除数据',
      cancelText: '保留数据',
    })
    // Every booking is detached from the person (refused while one is still to come): none is left to list.
    const showNone = () => state.status === 'ready' && show({ ...state.data, items: [], hasMore: false })
    if (sure) await act(() => cloud.counseling.deleteMyData(), '已删除', showNone, reload)
  }

  return (
    <View className='calm'>
      <View className='tabs'>
        {(['upcoming', 'past'] as const).map((s) => (
          <Text key={s} className={`tabs__tab ${scope === s ? 'tabs__tab--active' : ''}`} onClick={() => setScope(s)}>
            {s === 'upcoming' ? '即将开始' : '历史预约'}
          </Text>
        ))}
      </View>
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <ErrorState message={state.message} onRetry={reload} />}
      {state.status === 'ready' && state.data.items.length === 0 && (
        <Empty
          title={scope === 'upcoming' ? '暂无预约' : '暂无历史预约'}
          action={
            <Button className='calm__button calm__button--small' onClick={() => Taro.navigateTo({ url: PAGES.counselors })}>
              预约咨询
            </Button>
          }
        />
      )}
      {state.status === 'ready' &&
        state.data.items.map((b) => (
          <View key={b.bookingId} className={`card booking booking--${b.status}`}>
            <View className='booking__head'>
              <Text className='card__title'>{b.counselor?.name ?? '咨询师'}</Text>
              <StatusBadge status={b.status} label={b.statusLabel} className={`status status--${b.status}`} />
            </View>
            <Text className='card__line'>
              {sessionTime(b.start, b.end)} · {modeLabel(b.mode)}
            </Text>
            {b.mode === 'in_person' && b.counselor?.place && <Text className='card__line'>地点：{b.counselor.place}</Text>}
            <Text className='card__line'>主题：{b.topic}</Text>
            {b.declineReason && <Text className='card__line'>未能安排：{b.declineReason}</Text>}
            {b.cancellation?.by === 'counselor' && <Text className='card__line'>咨询师取消：{b.cancellation.reason}</Text>}
            {b.feedback && <Text className='card__line'>我的评价：{'★'.repeat(b.feedback.rating)}</Text>}
            <View className='booking__actions'>
              {b.canReschedule && (
                <Button
                  className='calm__button calm__button--ghost calm__button--small'
                  onClick={() => Taro.navigateTo({ url: `${PAGES.counselor}?counselorId=${b.counselorId}&rescheduleOf=${b.bookingId}` })}
                >
                  改期
                </Button>
              )}
              {b.canCancel && (
                <Button className='calm__button calm__button--danger calm__button--small booking__cancel' onClick={() => cancel(b)}>
                  取消预约
                </Button>
              )}
            </View>
            {b.canGiveFeedback && !b.feedback && <FeedbackForm booking={b} onSent={replace} reload={reload} />}
          </View>
        ))}
      <View className='card my-data'>
        <Text className='card__heading'>我的咨询数据</Text>
        <Text className='card__line'>预约记录只有您和您的咨询师能看到。</Text>
        <Text className='calm__link my-data__export' onClick={exportData}>
          导出我的咨询数据
        </Text>
        {/* Destructive and apart from 导出: its own line, red, asked once. */}
        <Text className='my-data__delete' onClick={deleteData}>
          删除我的咨询数据
        </Text>
      </View>
      <HotlineBanner />
    </View>
  )
}
