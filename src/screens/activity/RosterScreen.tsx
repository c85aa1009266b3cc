import { useState } from 'react'
import Taro, { useReachBottom } from '@tarojs/taro'
import { Button, Input, Text, View } from '@tarojs/components'
import { formatHoursCn, shanghaiTime } from '@domain/time'
import { Empty, ErrorState, Loading } from '../../components/StateView'
import { useCloudData } from '../../hooks/useCloudData'
import { ACTIVITY_PAGES, activityApi, type RosterEntryDto } from '../../services/activity'
import { errorText } from '../../services/cloud'
import { hoursText, timeRange } from './format'
import { usePaged } from '../../hooks/usePaged'
import './activity.scss'

function suggestion(entry: RosterEntryDto): string {
  const a = entry.assessment
  if (a.kind === 'measured') return `按签到签退：${formatHoursCn(a.hours)}`
  if (a.kind === 'checkout_missing') return `未签退，最多 ${formatHoursCn(a.maxHours)}`
  return '未签到'
}

/** The organizer's roster: who holds a seat or waits, check-in by hand, confirm (or adjust) hours, export CSV. */
export default function RosterScreen({ activityId }: { activityId: string }) {
  const [detail, reloadDetail] = useCloudData(() => activityApi.detail(activityId), [activityId])
  const roster = usePaged((offset) => activityApi.roster(activityId, offset), [activityId])
  const [adjusted, setAdjusted] = useState<Record<string, string>>({})
  const [busy, setBusy] = useState(false)
  /** The row an action is running on: only its buttons wait. */
  const [rowBusy, setRowBusy] = useState<string | null>(null)
  useReachBottom(() => roster.loadMore())

  /**
   * An action on one row: its answer updates that row only (no reload of the list, the scroll stays).
   */
  const actOnRow = async (entry: RosterEntryDto, work: () => Promise<Partial<RosterEntryDto>>, done: string) => {
    setRowBusy(entry.openid)
    try {
      const patch = await work()
      roster.update(
        (item) => item.openid === entry.openid,
        (item) => ({ ...item, ...patch }),
      )
      Taro.showToast({ title: done, icon: 'none' })
    } catch (error) {
      Taro.showModal({ title: '未能完成', content: errorText(error), showCancel: false })
    } finally {
      setRowBusy(null)
    }
  }

  const act = async (work: () => Promise<string | void>) => {
    setBusy(true)
    try {
      const message = await work()
      if (message) Taro.showToast({ title: message, icon: 'none' })
    } catch (error) {
      Taro.showModal({ title: '未能完成', content: errorText(error), showCancel: false })
    } finally {
      setBusy(false)
      roster.reload()
      reloadDetail()
    }
  }

  const confirm = (entries: { openid: string; hours?: number }[]) =>
    act(async () => {
      const { results } = await activityApi.confirmHours(activityId, entries)
      return `已确认 ${results.length} 人`
    })

  const confirmOne = (entry: RosterEntryDto) => {
    const text = (adjusted[entry.openid] ?? '').trim()
    const hours = text === '' ? undefined : Number(text)
    if (hours !== undefined && !(hours >= 0 && Number.isInteger(hours * 2))) {
      Taro.showToast({ title: '时长应为 0.5 小时的整数倍', icon: 'none' })
      return
    }
    actOnRow(
      entry,
      async () => {
        const [result] = (await activityApi.confirmHours(activityId, [{ openid: entry.openid, hours }])).results
        return { confirmation: { hours: result.hours, points: result.points, source: result.source, by: result.by, at: result.at } }
      },
      '已确认 1 人',
    )
  }

  const exportCsv = () =>
    act(async () => {
      const { url, rows } = await activityApi.exportRoster(activityId)
      await Taro.setClipboardData({ data: url }).catch(() => undefined)
      Taro.showModal({ title: `已导出 ${rows} 人`, content: `下载链接已复制：${url}`, showCancel: false })
    })

  const cancelActivity = async () => {
    const { confirm: sure } = await Taro.showModal({ title: '取消活动', content: '取消后会通知所有报名者，且不能恢复。确定取消吗？' })
    if (sure) act(async () => `已通知 ${(await activityApi.cancelActivity(activityId)).notified} 人`)
  }

  if (detail.status === 'loading') return <Loading />
  if (detail.status === 'error') return <ErrorState message={detail.message} onRetry={reloadDetail} />
  const { activity, confirmedCount, waitlistCount, now } = detail.data
  const ended = now >= activity.endAt
  const pending = roster.items.filter((entry) => entry.status === 'confirmed' && !entry.confirmation)

  return (
    <View className='act'>
      <View className='act-card'>
        <Text className='act-card__title'>{activity.title}</Text>
        <Text className='act-card__line'>{timeRange(activity.startAt, activity.endAt)}</Text>
        <Text className='act-card__line act-roster__counts'>
          已获名额 {confirmedCount} / {activity.capacity} · 候补 {waitlistCount}
        </Text>
        <View className='act-row'>
          {activity.status === 'draft' && (
            <Button
              className='act-button act-button--small act-roster__publish'
              disabled={busy}
              onClick={() => act(async () => (await activityApi.publish(activityId)) && '已发布')}
            >
              发布
            </Button>
          )}
          <Button
            className='act-button act-button--small act-button--ghost'
            onClick={() => Taro.navigateTo({ url: `${ACTIVITY_PAGES.checkin}?id=${activityId}` })}
          >
            签到码
          </Button>
          <Button className='act-button act-button--small act-button--ghost act-roster__export' disabled={busy} onClick={exportCsv}>
            导出名单
          </Button>
          {(activity.status === 'draft' || activity.status === 'published') && (
            <Button className='act-button act-button--small act-button--ghost' disabled={busy} onClick={cancelActivity}>
              取消活动
            </Button>
          )}
        </View>
        {ended && pending.length > 0 && (
          <Button
            className='act-button act-roster__confirm-all'
            disabled={busy}
            onClick={() => confirm(pending.slice(0, 50).map((entry) => ({ openid: entry.openid })))}
          >
            按签到记录确认 {Math.min(pending.length, 50)} 人的时长
          </Button>
        )}
      </View>

      {roster.status === 'loading' && <Loading />}
      {roster.status === 'error' && <ErrorState message={roster.error} onRetry={roster.reload} />}
      {roster.status === 'ready' && roster.items.length === 0 && <Empty title='还没有人报名' />}
      {roster.status === 'ready' &&
        roster.items.map((entry) => (
          <View key={entry.id} className='act-card act-roster__entry'>
            <View className='act-card__head'>
              <Text className='act-card__title act-roster__name'>{entry.name}</Text>
              <Text className='act-tag'>{entry.status === 'confirmed' ? '已获名额' : '候补'}</Text>
            </View>
            <Text className='act-card__line'>
              {entry.phone} · {entry.workUnit}
              {entry.noShows > 0 ? ` · 爽约 ${entry.noShows} 次` : ''}
            </Text>
            {entry.status === 'confirmed' && (
              <Text className='act-card__line'>
                {entry.checkedInAt ? `签到 ${shanghaiTime(new Date(entry.checkedInAt))}${entry.manualCheckin ? '（手工）' : ''}` : '未签到'}
                {entry.checkedOutAt ? ` · 签退 ${shanghaiTime(new Date(entry.checkedOutAt))}` : ''}
              </Text>
            )}
            {entry.status === 'confirmed' && ended && (
              <Text className='act-card__line act-roster__hours'>
                {entry.confirmation
                  ? `${hoursText(entry)}${entry.confirmation.source === 'organizer' ? '（组织者调整）' : ''}`
                  : suggestion(entry)}
              </Text>
            )}
            {entry.status === 'confirmed' && (
              <View className='act-row'>
                {!entry.checkedInAt && (
                  <Button
                    className='act-button act-button--small act-button--ghost act-roster__manual'
                    disabled={rowBusy === entry.openid}
                    onClick={() => actOnRow(entry, () => activityApi.manualCheckin(activityId, entry.openid), '已签到')}
                  >
                    手工签到
                  </Button>
                )}
                {ended && (
                  <>
                    <Input
                      className='act-input act-input--hours'
                      type='digit'
                      placeholder='调整时长'
                      value={adjusted[entry.openid] ?? ''}
                      onInput={(event) => setAdjusted((all) => ({ ...all, [entry.openid]: event.detail.value }))}
                    />
                    <Button
                      className='act-button act-button--small act-roster__confirm'
                      disabled={rowBusy === entry.openid}
                      onClick={() => confirmOne(entry)}
                    >
                      确认时长
                    </Button>
                  </>
                )}
              </View>
            )}
          </View>
        ))}
      {roster.status === 'ready' && roster.hasMore && (
        <Text className='act-more' onClick={roster.loadMore}>
          加载更多
        </Text>
      )}
    </View>
  )
}
