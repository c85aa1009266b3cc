import { useState } from 'react'
import Taro, { useReachBottom } from '@tarojs/taro'
import { Input, Picker, Switch, Text, View } from '@tarojs/components'
import SearchIcon from '@nutui/icons-react-taro/dist/es/icons/Search.js'
import { ACTIVITY_CATEGORIES } from '@domain/activity/draft'
import type { ActivityPhase } from '@domain/activity/status'
import type { Badge, SignupBadgeKey } from '@domain/activity/badges'
import { Empty, ErrorState, Loading } from '../../components/StateView'
import { Icon } from '../../components/Icon'
import { ActivityCover } from '../../components/Media'
import { ACTIVITY_PAGES, activityApi, type ActivitySummary, type ListFilters } from '../../services/activity'
import { seatsText, timeRange } from './format'
import { usePaged } from '../../hooks/usePaged'
import './activity.scss'

const PHASES: { key: ActivityPhase; label: string }[] = [
  { key: 'upcoming', label: '未开始' },
  { key: 'ongoing', label: '进行中' },
  { key: 'past', label: '已结束' },
]
const ALL = '全部'

function ActivityCard({ activity }: { activity: ActivitySummary & { myBadge: Badge<SignupBadgeKey> | null } }) {
  return (
    <View className='act-card' onClick={() => Taro.navigateTo({ url: `${ACTIVITY_PAGES.detail}?id=${activity.id}` })}>
      <ActivityCover category={activity.category} url={activity.coverUrl} variant='card' />
      <View className='act-card__head'>
        <Text className='act-tag'>{activity.category}</Text>
        <Text className='act-card__title'>{activity.title}</Text>
        <Text className={`act-badge act-badge--${activity.badge.key} act-card__badge`}>{activity.badge.label}</Text>
      </View>
      <Text className='act-card__line'>{timeRange(activity.startAt, activity.endAt)}</Text>
      <Text className='act-card__line'>
        {activity.locationName} · {activity.teamName}
      </Text>
      {activity.myBadge && (
        <Text className={`act-badge act-badge--${activity.myBadge.key} act-card__mine`}>我的报名：{activity.myBadge.label}</Text>
      )}
      {activity.badge.key === 'open' || activity.badge.key === 'full' ? (
        <Text className={`act-card__seats ${activity.seatsLeft > 0 ? '' : 'act-card__seats--full'}`}>{seatsText(activity)}</Text>
      ) : (
        <Text className='act-card__seats act-card__seats--muted'>{`${activity.hours} 小时 · ${activity.points} 积分`}</Text>
      )}
    </View>
  )
}

/** 志愿活动: filters (category, team, time, seats) and a list that loads more at the bottom. */
export default function ActivityListScreen() {
  const [filters, setFilters] = useState<ListFilters>({ phase: 'upcoming' })
  // Opening the list is one call: its first page carries the teams and whether the viewer organizes.
  const [around, setAround] = useState<{ teams: { id: string; name: string }[]; organizer: boolean }>({ teams: [], organizer: false })
  const list = usePaged(
    async (offset) => {
      const page = await activityApi.list(filters, offset)
      if (page.teams && page.viewer) setAround({ teams: page.teams, organizer: page.viewer.organizer })
      return page
    },
    [filters.category, filters.teamId, filters.phase, filters.hasSeats, filters.manage, filters.q],
  )
  const { organizer } = around
  useReachBottom(() => list.loadMore())

  const categories = [ALL, ...ACTIVITY_CATEGORIES]
  const teamOptions = [{ id: '', name: '全部服务队' }, ...around.teams]
  const change = (patch: ListFilters) => setFilters((current) => ({ ...current, ...patch }))

  return (
    <View className='act'>
      <View className='act-links'>
        <Text className='act-link act-link--mine' onClick={() => Taro.navigateTo({ url: ACTIVITY_PAGES.mine })}>
          我的活动
        </Text>
        <Text className='act-link' onClick={() => Taro.navigateTo({ url: ACTIVITY_PAGES.card })}>
          志愿者证 · 排行
        </Text>
      </View>
      {organizer && (
        <View className='act-links act-organizer'>
          <Text className='act-link act-organizer__manage' onClick={() => change({ manage: filters.manage ? undefined : true })}>
            {filters.manage ? '查看全部活动' : '管理本队活动（含草稿）'}
          </Text>
          <Text className='act-link act-organizer__create' onClick={() => Taro.navigateTo({ url: ACTIVITY_PAGES.form })}>
            发布活动
          </Text>
        </View>
      )}
      <View className='act-search'>
        <Icon of={SearchIcon} label='' size={16} className='act-search__icon' />
        <Input
          className='act-search__input'
          type='text'
          confirmType='search'
          placeholder='搜索活动名称或地点'
          maxlength={50}
          onConfirm={(event) => change({ q: event.detail.value.trim() || undefined })}
        />
      </View>
      <View className='act-tabs'>
        {PHASES.map((phase) => (
          <Text
            key={phase.key}
            className={`act-tab act-tab--${phase.key} ${filters.phase === phase.key ? 'act-tab--current' : ''}`}
            onClick={() => change({ phase: phase.key })}
          >
            {phase.label}
          </Text>
        ))}
      </View>
      <View className='act-filters'>
        <Picker
          mode='selector'
          range={categories}
          value={Math.max(0, categories.indexOf(filters.category ?? ALL))}
          onChange={(event) => {
            const picked = categories[Number(event.detail.value)]
            change({ category: picked === ALL ? undefined : picked })
          }}
        >
          <Text className='act-filter act-filter--category'>{filters.category ?? '全部类别'} ▾</Text>
        </Picker>
        <Picker
          mode='selector'
          range={teamOptions.map((team) => team.name)}
          value={Math.max(
            0,
            teamOptions.findIndex((team) => team.id === (filters.teamId ?? '')),
          )}
          onChange={(event) => change({ teamId: teamOptions[Number(event.detail.value)].id || undefined })}
        >
          <Text className='act-filter'>{teamOptions.find((team) => team.id === (filters.teamId ?? ''))?.name ?? '全部服务队'} ▾</Text>
        </Picker>
        <View className='act-filter act-filter--seats'>
          <Text>有名额</Text>
          <Switch
            checked={Boolean(filters.hasSeats)}
            color='#c8102e'
            onChange={(event) => change({ hasSeats: event.detail.value || undefined })}
          />
        </View>
      </View>

      {list.status === 'loading' && <Loading />}
      {list.status === 'error' && <ErrorState message={list.error} onRetry={list.reload} />}
      {list.status === 'ready' && list.items.length === 0 && (
        <Empty title='暂无活动' hint={filters.q ? `没有找到“${filters.q}”相关的活动，换个词试试` : '换个筛选条件看看'} />
      )}
      {/* The cards sit in their own node and the footer stays one node whose text changes: a new page
          appends its cards only, and the end of the list re-sends nothing but the footer. */}
      <View className='act-list'>
        {list.status === 'ready' && list.items.map((activity) => <ActivityCard key={activity.id} activity={activity} />)}
      </View>
      {list.status === 'ready' && list.items.length > 0 && (
        <Text className={list.hasMore ? 'act-more' : 'act-end'} onClick={list.loadMore}>
          {list.hasMore ? '加载更多' : '没有更多了'}
        </Text>
      )}
    </View>
  )
}
