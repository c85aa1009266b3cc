import { useState } from 'react'
import Taro, { useReachBottom } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Empty, ErrorState, Loading } from '../../components/StateView'
import { ACTIVITY_PAGES } from '../../services/activity'
import { cloud } from '../../services/cloud'
import { hoursText, timeRange } from './format'
import { usePaged } from '../../hooks/usePaged'
import './activity.scss'
import ListCell from '../../components/ListCell'
import StatusBadge from '../../components/StatusBadge'

type Filter = 'upcoming' | 'waitlisted' | 'past'
const TABS: { key: Filter; label: string }[] = [
  { key: 'upcoming', label: '即将参加' },
  { key: 'waitlisted', label: '候补中' },
  // Past seats I held: whether I attended is each entry's own line (hours confirmed, or 未签到).
  { key: 'past', label: '已结束' },
]

/** 我的活动: seats I hold, places I wait for, and past activities with their confirmed hours. */
export default function MyActivitiesScreen() {
  const [filter, setFilter] = useState<Filter>('upcoming')
  const list = usePaged((offset) => cloud.activity.mySignups({ filter, offset, pageSize: 20 }), [filter])
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
          <ListCell
            key={signup.id}
            className='act-card'
            onClick={() => Taro.navigateTo({ url: `${ACTIVITY_PAGES.detail}?id=${signup.activityId}` })}
          >
            <View className='act-card__head'>
              <Text className='act-card__title'>{signup.title}</Text>
              {signup.activityStatus === 'cancelled' ? (
                <StatusBadge status='cancelled' label='活动已取消' className='act-badge act-badge--cancelled act-mine__badge' />
              ) : (
                filter !== 'past' &&
                signup.badge && (
                  <StatusBadge
                    status={signup.badge.key}
                    label={signup.badge.label}
                    className={`act-badge act-badge--${signup.badge.key} act-mine__badge`}
                  />
                )
              )}
            </View>
            <Text className='act-card__line'>{timeRange(signup.startAt, signup.endAt)}</Text>
            <Text className='act-card__line'>{signup.locationName}</Text>
            {filter === 'past' && signup.activityStatus !== 'cancelled' && (
              <Text className='act-card__seats act-mine__hours'>{hoursText(signup)}</Text>
            )}
          </ListCell>
        ))}
      {list.status === 'ready' && list.hasMore && (
        <Text className='act-more' onClick={list.loadMore}>
          加载更多
        </Text>
      )}
    </View>
  )
}
