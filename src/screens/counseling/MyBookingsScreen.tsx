import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Text, Textarea, View } from '@tarojs/components'
import { Empty, ErrorState, Loading } from '../../components/StateView'
import { useCloudData } from '../../hooks/useCloudData'
import { errorText } from '../../services/cloud'
import { counselingApi, type MyBookingDto } from '../../services/counseling'
import HotlineBanner from './HotlineBanner'
import { PAGES, modeLabel, sessionTime } from './format'
import './counseling.scss'

type Scope = 'upcoming' | 'past'

async function act(work: () => Promise<unknown>, done: string, reload: () => void) {
  try {
    await work()
    Taro.showToast({ title: done, icon: 'success' })
  } catch (error) {
    Taro.showModal({ title: '操作未完成', content: errorText(error), showCancel: false })
  }
  reload()
}

function FeedbackForm({ booking, onSent }: { booking: MyBookingDto; onSent: () => void }) {
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
        onClick={() => act(() => counselingApi.feedback(booking.bookingId, rating, text), '感谢评价', onSent)}
      >
        提交评价
      </Button>
    </View>
  )
}

/** The worker's bookings, upcoming and past: cancel, reschedule, feedback. */
export default function MyBookingsScreen() {
  const [scope, setScope] = useState<Scope>('upcoming')
  const [state, reload] = useCloudData(() => counselingApi.myBookings(scope), [scope])

  const cancel = async (booking: MyBookingDto) => {
    const { confirm } = await Taro.showModal({ title: '取消预约', content: '确定取消这次咨询吗？开始前 12 小时内将不能取消。' })
    if (confirm) await act(() => counselingApi.cancel(booking.bookingId), '已取消', reload)
  }

  const exportData = () =>
    counselingApi.exportMyData().then(
      (data) =>
        Taro.setClipboardData({ data: JSON.stringify(data, null, 2) }).then(() =>
          Taro.showToast({ title: '已复制到剪贴板', icon: 'success' }),
        ),
      (error) => Taro.showModal({ title: '未能导出', content: errorText(error), showCancel: false }),
    )
  const deleteData = async () => {
    const { confirm } = await Taro.showModal({
      title: '删除我的咨询数据',
      content: '将删除您的预约信息、联系方式、评价和相关消息，且无法恢复。确定删除吗？',
    })
    if (confirm) await act(() => counselingApi.deleteMyData(), '已删除', reload)
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
              <Text className={`status status--${b.status}`}>{b.statusLabel}</Text>
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
                <Button className='calm__button calm__button--ghost calm__button--small' onClick={() => cancel(b)}>
                  取消
                </Button>
              )}
            </View>
            {b.canGiveFeedback && !b.feedback && <FeedbackForm booking={b} onSent={reload} />}
          </View>
        ))}
      <View className='calm__links'>
        <Text className='calm__link calm__link--spaced' onClick={exportData}>
          导出我的咨询数据
        </Text>
        <Text className='calm__link' onClick={deleteData}>
          删除我的咨询数据
        </Text>
      </View>
      <HotlineBanner />
    </View>
  )
}
