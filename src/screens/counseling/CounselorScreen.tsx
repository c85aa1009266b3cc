import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { ErrorState, Loading } from '../../components/StateView'
import { CounselorPhoto } from '../../components/Media'
import { useCloudData } from '../../hooks/useCloudData'
import { cloud, errorText } from '../../services/cloud'
import HotlineBanner from './HotlineBanner'
import SlotPicker from './SlotPicker'
import { PAGES, modeLabel, slotLabel, type Slot } from './format'
import './counseling.scss'

/**
 * A counselor's profile and free slots. Picking a slot opens the booking form; with `rescheduleOf`
 * (from 我的预约) it moves that booking to the slot instead, in one step.
 */
export default function CounselorScreen({ counselorId, rescheduleOf }: { counselorId: string; rescheduleOf?: string }) {
  const [state, reload] = useCloudData(
    () =>
      Promise.all([cloud.counseling.counselor({ counselorId }), cloud.counseling.slots({ counselorId })]).then(
        ([counselor, { slots }]) => ({
          counselor,
          slots,
        }),
      ),
    [counselorId],
  )

  const pick = async (slot: Slot) => {
    if (!rescheduleOf) {
      Taro.navigateTo({ url: `${PAGES.book}?counselorId=${counselorId}&start=${slot.start}` })
      return
    }
    const { confirm } = await Taro.showModal({
      title: `改到 ${slotLabel(slot.start)}？`,
      content: '原来的预约会同时取消，咨询师会收到通知。',
      confirmText: '确认改期',
      cancelText: '再想想',
    })
    if (!confirm) return
    try {
      await cloud.counseling.reschedule({ bookingId: rescheduleOf, start: slot.start })
      Taro.showToast({ title: '已改期', icon: 'success' })
      // Back to 我的预约, which reads the bookings again when shown: the old one gone, the new one there.
      Taro.navigateBack().catch(() => Taro.redirectTo({ url: PAGES.myBookings }))
    } catch (error) {
      Taro.showModal({ title: '未能改期', content: errorText(error), showCancel: false })
      reload()
    }
  }

  if (state.status === 'loading') return <Loading />
  if (state.status === 'error') return <ErrorState message={state.message} onRetry={reload} />
  const { counselor, slots } = state.data
  return (
    <View className='calm'>
      <View className='card'>
        <CounselorPhoto name={counselor.name} url={counselor.photoUrl} variant='large' />
        <Text className='card__title'>{counselor.name}</Text>
        <Text className='card__subtitle'>{counselor.title}</Text>
        <Text className='card__line'>擅长：{counselor.specialties.join('、')}</Text>
        <Text className='card__line'>方式：{counselor.modes.map(modeLabel).join('、')}</Text>
        {counselor.place && <Text className='card__line'>面询地点：{counselor.place}</Text>}
        <Text className='card__body'>{counselor.introduction}</Text>
      </View>
      <View className='card'>
        <Text className='card__heading'>{rescheduleOf ? '选择新的时段' : '选择时段'}</Text>
        <Text className='calm__muted'>每次 50 分钟，可预约 4 小时后至 14 天内的时段</Text>
        <SlotPicker slots={slots} onPick={pick} />
      </View>
      <HotlineBanner />
    </View>
  )
}
