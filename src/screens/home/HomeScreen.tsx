import { useEffect } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { formatShanghai } from '@domain/time'
import Heart from '@nutui/icons-react-taro/dist/es/icons/Heart.js'
import Articles from '@nutui/icons-react-taro/dist/es/icons/Articles.js'
import Comment from '@nutui/icons-react-taro/dist/es/icons/Comment.js'
import { ErrorState, Loading } from '../../components/StateView'
import { Icon } from '../../components/Icon'
import { useCloudData } from '../../hooks/useCloudData'
import { showUnreadBadge } from '../../services/messages'
import { cloud } from '../../services/cloud'
import type { Answer } from '../../../functions/contract'
import './HomeScreen.scss'

const services = [
  { key: 'activity', title: '活动报名', hint: '志愿服务', url: '/packages/activity/pages/list/index', icon: Heart },
  { key: 'bookcase', title: '智能书柜', hint: '扫码借书', url: '/packages/bookcase/pages/cabinet/index', icon: Articles },
  { key: 'counseling', title: '心理咨询', hint: '保护隐私', url: '/packages/counseling/pages/counselors/index', icon: Comment },
] as const

const go = (url: string) => Taro.navigateTo({ url })

type HomeData = Answer<'user', 'home'>

function NextActivity({ activity }: { activity: NonNullable<HomeData['nextActivity']> }) {
  const detail = `/packages/activity/pages/detail/index?id=${activity.activityId}`
  return (
    <View className='home__card' onClick={() => go(detail)}>
      <Text className='home__card-label'>下一个活动</Text>
      <Text className='home__card-title'>{activity.title}</Text>
      <Text className='home__card-line'>
        {formatShanghai(new Date(activity.startAt))} · {activity.locationName}
      </Text>
      {activity.checkinOpen && <Text className='home__checkin'>现在可以签到，去扫码</Text>}
      {activity.checkedIn && <Text className='home__card-line'>已签到</Text>}
    </View>
  )
}

function Loans({ loans }: { loans: HomeData['loans'] }) {
  return (
    <View className='home__card' onClick={() => go('/packages/bookcase/pages/loans/index')}>
      <Text className='home__card-label'>在借图书</Text>
      {loans.map((loan) => (
        <View key={loan.loanId} className='home__loan'>
          <Text className='home__loan-title'>《{loan.title}》</Text>
          {loan.overdueDays > 0 ? (
            <Text className='home__overdue'>
              {loan.dueText}
              {loan.feeText ? `，${loan.feeText}` : ''}
            </Text>
          ) : (
            <Text className='home__card-line'>
              {loan.dueText} · 应还 {formatShanghai(new Date(loan.dueAt), 'M月D日')}
            </Text>
          )}
        </View>
      ))}
    </View>
  )
}

function NextSession({ session }: { session: NonNullable<HomeData['nextSession']> }) {
  // Discreet on purpose: a phone screen is seen by others; time and state only.
  return (
    <View className='home__card home__card--calm' onClick={() => go('/packages/counseling/pages/my-bookings/index')}>
      <Text className='home__card-label'>我的预约</Text>
      <Text className='home__card-line'>
        {formatShanghai(new Date(session.start))} · {session.status === 'confirmed' ? '已确认' : '待确认'}
      </Text>
    </View>
  )
}

export default function HomeScreen() {
  const [state, reload] = useCloudData(() => cloud.user.home())
  useEffect(() => {
    if (state.status === 'ready') showUnreadBadge(state.data.unreadMessages)
  }, [state])

  return (
    <View className='home'>
      <View className='home__banner'>
        <Text className='home__greeting'>职工服务</Text>
        <Text className='home__sub'>志愿活动 · 职工书柜 · 心理咨询</Text>
      </View>
      <View className='home__services'>
        {services.map((service) => (
          <View key={service.key} className={`home__service home__service--${service.key}`} onClick={() => go(service.url)}>
            <Icon of={service.icon} label='' size={28} className='home__service-icon' />
            <Text className='home__service-title'>{service.title}</Text>
            <Text className='home__service-hint'>{service.hint}</Text>
          </View>
        ))}
      </View>
      <View className='home__mine'>
        {state.status === 'loading' && <Loading />}
        {state.status === 'error' && <ErrorState message={state.message} onRetry={reload} />}
        {state.status === 'ready' && (
          <>
            {!state.data.profileComplete && (
              <View className='home__card home__card--hint' onClick={() => go('/pages/profile/index')}>
                <Text className='home__card-title'>完善个人资料</Text>
                <Text className='home__card-line'>填写姓名、手机号和工作单位后即可报名志愿活动</Text>
              </View>
            )}
            {state.data.nextActivity && <NextActivity activity={state.data.nextActivity} />}
            {state.data.loans.length > 0 && <Loans loans={state.data.loans} />}
            {state.data.nextSession && <NextSession session={state.data.nextSession} />}
            {!state.data.nextActivity && state.data.loans.length === 0 && !state.data.nextSession && (
              <Text className='home__nothing'>还没有待办事项：去报名一个志愿活动，或到身边的书柜借本书吧</Text>
            )}
          </>
        )}
      </View>
    </View>
  )
}
