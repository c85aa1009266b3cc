import { useState } from 'react'
import Taro, { useReachBottom } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Empty, ErrorState, Loading } from '../../components/StateView'
import { ACTIVITY_PAGES, activityApi } from '../../services/activity'
import { hoursText, timeRange } from './format'
import { usePaged } from '../../hooks/usePaged'
import './activity.scss'

type Filter = 'upcoming' | 'waitlisted' | 'past'
const TABS: { key: Filter; label: string }[] = [
  { key: 'upcoming', label: '即将参加' },
  { key: 'waitlisted', label: '候补中' },
  { key: 'past', label: '已参加' },
]

/** 我的活动: seats I hold, places I wait for, and past activities with their confirmed hours. */
export default function MyActivitiesScreen() {
  const [filter, setFilter] = useState<Filter>('upcoming')
  const list = usePaged((offset) => activityApi.mySignups(filter, offset), [filter])
  useReachBottom(() => list.loadMore())
  return (
    <View className='act'>
      <View className='act-tabs'>
        {TABS.map((tab) => (
          <Text
            key={tab.key}
            className={`act-tab act-tab--${tab.key} ${filter === tab.key ? 'act-tab--current' : ''}`}
            onClick={() => setFilter(tab.key)}
          >
            {tab.label}
          </Text>
        ))}
      </View>
      {list.status === 'loading' && <Loading />}
      {list.status === 'error' && <ErrorState message={list.error} onRetry={list.reload} />}
      {list.status === 'ready' && list.items.length === 0 && (
        <Empty
          title='暂无活动'
          action={
            <Text className='act-link' onClick={() => Taro.navigateTo({ url: ACTIVITY_PAGES.list })}>
              去报名志愿活动
            </Text>
          }
        />
      )}
      {list.status === 'ready' &&
        list.items.map((signup) => (
          <View
            key={signup.id}
            className='act-card'
            onClick={() => Taro.navigateTo({ url: `${ACTIVITY_PAGES.detail}?id=${signup.activityId}` })}
          >
            <Text className='act-card__title'>{signup.title}</Text>
            <Text className='act-card__line'>{timeRange(signup.startAt, signup.endAt)}</Text>
            <Text className='act-card__line'>{signup.locationName}</Text>
            <Text className='act-card__seats act-mine__hours'>
              {signup.activityStatus === 'cancelled'
                ? '活动已取消'
                : filter === 'past'
                  ? hoursText(signup)
                  : signup.status === 'waitlisted'
                    ? `候补第 ${signup.waitlistPosition} 位`
                    : signup.checkedInAt
                      ? '已签到'
                      : '已报名'}
            </Text>
          </View>
        ))}
      {list.status === 'ready' && list.hasMore && (
        <Text className='act-more' onClick={list.loadMore}>
          加载更多
        </Text>
      )}
    </View>
  )
}
