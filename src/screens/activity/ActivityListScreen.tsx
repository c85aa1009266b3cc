import { useState } from 'react'
import Taro, { useReachBottom } from '@tarojs/taro'
import { Input, Picker, Switch, Text, View } from '@tarojs/components'
import SearchIcon from '@nutui/icons-react-taro/dist/es/icons/Search.js'
import { ACTIVITY_CATEGORIES } from '@domain/activity/draft'
import type { ActivityPhase } from '@domain/activity/status'
import { Empty, ErrorState, Loading } from '../../components/StateView'
import { Icon } from '../../components/Icon'
import WindowedList from '../../components/WindowedList'
import ListCell from '../../components/ListCell'
import StatusBadge from '../../components/StatusBadge'
import { ListIcon } from '../../components/Icon/ListIcon'
import '../../components/Icon/masks/clock.scss'
import '../../components/Icon/masks/location.scss'
import '../../components/Icon/masks/success.scss'
import '../../components/Icon/masks/user.scss'
import { ACTIVITY_PAGES, type ActivityListItem, type ListFilters } from '../../services/activity'
import { cloud } from '../../services/cloud'
import { ActivityCover } from '../../components/Media'
import { seatsText, timeRange } from './format'
import { usePaged } from '../../hooks/usePaged'
import './activity.scss'

const PHASES: { key: ActivityPhase; label: string }[] = [
  { key: 'upcoming', label: '未开始' },
  { key: 'ongoing', label: '进行中' },
  { key: 'past', label: '已结束' },
]
const ALL = '全部'

function ActivityCard({ activity }: { activity: ActivityListItem }) {
  return (
    <ListCell
      className='act-card'
      onClick={() => Taro.navigateTo({ url: `${ACTIVITY_PAGES.detail}?id=${activity.id}` })}
      media={<ActivityCover category={activity.category} url={activity.coverUrl} variant='card' />}
    >
      <View className='act-card__head'>
        <Text className='act-tag'>{activity.category}</Text>
        <Text className='act-card__title'>{activity.title}</Text>
        <StatusBadge
          status={activity.badge.key}
          label={activity.badge.label}
          className={`act-badge act-badge--${activity.badge.key} act-card__badge`}
        />
      </View>
      <View className='act-card__line act-card__line--icon'>
        <ListIcon name='clock' label='时间' size={14} className='act-card__icon' />
        <Text>{timeRange(activity.startAt, activity.endAt)}</Text>
      </View>
      <View className='act-card__line act-card__line--icon'>
        <ListIcon name='location' label='地点' size={14} className='act-card__icon' />
        <Text>
          {activity.locationName} · {activity.teamName}
        </Text>
      </View>
      {activity.myBadge && (
        <StatusBadge
          status={activity.myBadge.key}
          label={`我的报名：${activity.myBadge.label}`}
          className={`act-badge act-badge--${activity.myBadge.key} act-card__mine`}
        />
      )}
      {activity.badge.key === 'open' || activity.badge.key === 'full' ? (
        <View className='act-card__line act-card__line--icon'>
          <ListIcon name='user' label='名额' size={14} className='act-card__icon' />
          <Text className={`act-card__seats ${activity.seatsLeft > 0 ? '' : 'act-card__seats--full'}`}>{seatsText(activity)}</Text>
        </View>
      ) : (
        <View className='act-card__line act-card__line--icon'>
          <ListIcon name='success' label='时长与积分' size={14} className='act-card__icon' />
          <Text className='act-card__seats act-card__seats--muted'>{`${activity.hours} 小时 · ${activity.points} 积分`}</Text>
        </View>
      )}
    </ListCell>
  )
}

/** 志愿活动: filters (category, team, time, seats) and a list that loads more at the bottom. */
export default function ActivityListScreen() {
  const [filters, setFilters] = useState<ListFilters>({ phase: 'upcoming' })
  // Opening the list is one call: its first page carries the teams and whether the viewer organizes.
  const [around, setAround] = useState<{ teams: { id: string; name: string }[]; organizer: boolean }>({ teams: [], organizer: false })
  const list = usePaged(
    async (offset) => {
      const page = await cloud.activity.list({ ...filters, offset, pageSize: 10 })
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
      {/* Only the cards near the screen are rendered: 200 cards stay a few hundred nodes. */}
      <WindowedList
        className='act-list'
        items={list.status === 'ready' ? list.items : []}
        itemKey={(activity) => activity.id}
        render={(activity) => <ActivityCard activity={activity} />}
        estimatedRowHeight={140}
      />
      {list.status === 'ready' && list.items.length > 0 && (
        <Text className={list.hasMore ? 'act-more' : 'act-end'} onClick={list.loadMore}>
          {list.hasMore ? '加载更多' : '没有更多了'}
        </Text>
      )}
    </View>
  )
}
