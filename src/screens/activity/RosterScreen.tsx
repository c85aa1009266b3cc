import { useEffect, useState } from 'react'
import Taro, { useReachBottom } from '@tarojs/taro'
import { Button, Input, Text, View } from '@tarojs/components'
import { formatHoursCn, shanghaiTime } from '@domain/time'
import DataTable, { type Column } from '../../components/DataTable'
import ExportButtons from '../../components/ExportButtons'
import { ErrorState, Loading } from '../../components/StateView'
import { useCloudData } from '../../hooks/useCloudData'
import { ACTIVITY_PAGES, type RosterEntry } from '../../services/activity'
import { cloud, errorText } from '../../services/cloud'
import { confirmDestructive } from '../../components/confirm'
import { hoursText, timeRange } from './format'
import { usePaged } from '../../hooks/usePaged'
import { openExport } from '../../services/files'
import '../admin/admin-wide.scss'
import './activity.scss'
import StatusBadge from '../../components/StatusBadge'
import type { Answer } from '../../../functions/contract'

/** confirmHours takes at most this many people per call. */
const CONFIRM_BATCH = 50
const ROSTER_POLL_MS = 20_000

type ConfirmResult = Answer<'activity', 'confirmHours'>['results'][number]

function suggestion(entry: RosterEntry): string {
  const a = entry.assessment
  if (a.kind === 'measured') return `按签到签退：${formatHoursCn(a.hours)}`
  if (a.kind === 'checkout_missing') return `未签退，最多 ${formatHoursCn(a.maxHours)}`
  return '未签到'
}

const checkText = (entry: RosterEntry) =>
  entry.checkedInAt ? `${shanghaiTime(new Date(entry.checkedInAt))}${entry.manualCheckin ? '（手工）' : ''}` : '未签到'

function hoursCell(entry: RosterEntry): string {
  if (entry.status !== 'confirmed') return ''
  if (entry.confirmation) return `${hoursText(entry)}${entry.confirmation.source === 'organizer' ? '（组织者调整）' : ''}`
  return suggestion(entry)
}

const columns = (ended: boolean): Column<RosterEntry>[] => [
  { key: 'seq', title: '序号', render: (e) => <Text>{e.seq + 1}</Text>, sortValue: (e) => e.seq },
  { key: 'name', title: '姓名', render: (e) => <Text className='act-roster__name'>{e.name}</Text>, sortValue: (e) => e.name },
  { key: 'phone', title: '手机号', width: 2, render: (e) => <Text>{e.phone}</Text> },
  { key: 'unit', title: '工作单位', width: 2, render: (e) => <Text>{e.workUnit}</Text>, sortValue: (e) => e.workUnit },
  {
    key: 'status',
    title: '状态',
    render: (e) => (
      <Text>
        {e.status === 'confirmed' ? '已获名额' : '候补'}
        {e.noShows > 0 ? ` · 爽约 ${e.noShows} 次` : ''}
      </Text>
    ),
    sortValue: (e) => (e.status === 'confirmed' ? 0 : 1),
  },
  {
    key: 'in',
    title: '签到',
    render: (e) => <Text>{e.status === 'confirmed' ? checkText(e) : ''}</Text>,
    sortValue: (e) => e.checkedInAt ?? 0,
  },
  {
    key: 'out',
    title: '签退',
    render: (e) => <Text>{e.checkedOutAt ? shanghaiTime(new Date(e.checkedOutAt)) : ''}</Text>,
    sortValue: (e) => e.checkedOutAt ?? 0,
  },
  ...(ended
    ? [
        {
          key: 'hours',
          title: '时长',
          width: 2 as const,
          render: (e: RosterEntry) => <Text className='act-roster__hours'>{hoursCell(e)}</Text>,
          sortValue: (e: RosterEntry) => e.confirmation?.hours ?? -1,
        },
      ]
    : []),
]

/** A row's confirmation as confirmHours answers it. */
const confirmationOf = ({ hours, points, source, by, at }: ConfirmResult): RosterEntry['confirmation'] => ({
  hours,
  points,
  source,
  by,
  at,
})

/**
 * The organizer's roster: who holds a seat or waits, check-in by hand, confirm (or adjust) hours one by
 * one or for many at once, export Excel/CSV, the team's monthly hours, the poster code. A table on wide
 * screens (PC WeChat), cards on phones.
 */
export default function RosterScreen({ activityId }: { activityId: string }) {
  const [detail, reloadDetail, showDetail] = useCloudData(() => cloud.activity.detail({ activityId }), [activityId])
  const roster = usePaged((offset) => cloud.activity.roster({ activityId, offset, pageSize: 50 }), [activityId])
  const [adjusted, setAdjusted] = useState<Record<string, string>>({})
  const [busy, setBusy] = useState(false)
  const [selected, setSelected] = useState<Set<string>>(new Set())
  /** The row an action is running on: only its buttons wait. */
  const [rowBusy, setRowBusy] = useState<string | null>(null)
  useReachBottom(() => roster.loadMore())
  // While people check in (the window is open and the activity not over), the roster reads itself
  // again every 20 s, so the organizer sees arrivals without pulling down.
  const live = detail.status === 'ready' && Boolean(detail.data.manage?.checkinCode && detail.data.manage.manualCheckin)
  useEffect(() => {
    if (!live) return
    const timer = setInterval(() => void roster.refresh(), ROSTER_POLL_MS)
    return () => clearInterval(timer)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [live])

  /**
   * An action on one row: its answer updates that row only (no reload of the list, the scroll stays).
   */
  const actOnRow = async (entry: RosterEntry, work: () => Promise<Partial<RosterEntry>>, done: string) => {
    setRowBusy(entry.openid)
    try {
      const patch = await work()
      roster.update((items) => items.map((item) => (item.openid === entry.openid ? { ...item, ...patch } : item)))
      Taro.showToast({ title: done, icon: 'none' })
    } catch (error) {
      Taro.showModal({ title: '未能完成', content: errorText(error), showCancel: false })
    } finally {
      setRowBusy(null)
    }
  }

  /**
   * Runs an action whose answer shows the new state (the page's counts and buttons, or the rows it
   * changed): one call. A refusal reads the roster and the counts again, so nothing stale stays.
   */
  const act = async (work: () => Promise<string | void>) => {
    setBusy(true)
    try {
      const message = await work()
      if (message) Taro.showToast({ title: message, icon: 'none' })
    } catch (error) {
      Taro.showModal({ title: '未能完成', content: errorText(error), showCancel: false })
      roster.reload()
      reloadDetail()
    } finally {
      setBusy(false)
    }
  }

  /** Each batch's answer updates its rows at once, so a later refusal still leaves the confirmed ones shown. */
  const confirm = (entries: { openid: string; hours?: number }[]) =>
    act(async () => {
      let confirmed = 0
      for (let i = 0; i < entries.length; i += CONFIRM_BATCH) {
        const { results } = await cloud.activity.confirmHours({ activityId, entries: entries.slice(i, i + CONFIRM_BATCH) })
        const byOpenid = new Map(results.map((result) => [result.openid, confirmationOf(result)]))
        roster.update((items) =>
          items.map((item) => {
            const confirmation = byOpenid.get(item.openid)
            return confirmation ? { ...item, confirmation } : item
          }),
        )
        confirmed += results.length
      }
      setSelected(new Set())
      return `已确认 ${confirmed} 人`
    })

  const confirmOne = (entry: RosterEntry) => {
    const text = (adjusted[entry.openid] ?? '').trim()
    const hours = text === '' ? undefined : Number(text)
    if (hours !== undefined && !(hours >= 0 && Number.isInteger(hours * 2))) {
      Taro.showToast({ title: '时长应为 0.5 小时的整数倍', icon: 'none' })
      return
    }
    actOnRow(
      entry,
      async () => {
        const [result] = (await cloud.activity.confirmHours({ activityId, entries: [{ openid: entry.openid, hours }] })).results
        return { confirmation: confirmationOf(result) }
      },
      '已确认 1 人',
    )
  }

  const posterCode = () =>
    act(async () => {
      const { code } = await cloud.activity.activityCode({ activityId })
      await openExport(code)
    })

  const cancelActivity = async () => {
    const sure = await confirmDestructive({
      title: '取消这个活动？',
      content: '所有报名和候补的志愿者都会收到取消通知，活动不能恢复。',
      confirmText: '取消活动',
      cancelText: '保留活动',
    })
    if (sure)
      act(async () => {
        const { notified, detail: cancelled } = await cloud.activity.cancelActivity({ activityId })
        showDetail(cancelled)
        return `已取消，已通知 ${notified} 人`
      })
  }

  if (detail.status === 'loading') return <Loading />
  if (detail.status === 'error') return <ErrorState message={detail.message} onRetry={reloadDetail} />
  const { activity, confirmedCount, waitlistCount } = detail.data
  // What the organizer may do now, decided by the server (its clock), never by the phone's.
  const manage = detail.data.manage ?? {
    publish: false,
    edit: false,
    cancel: false,
    checkinCode: false,
    manualCheckin: false,
    confirmHours: false,
  }
  const ended = manage.confirmHours
  const pending = roster.items.filter((entry) => entry.status === 'confirmed' && !entry.confirmation)

  return (
    <View className='act adm-wide'>
      <View className='act-card'>
        <View className='act-card__head'>
          <Text className='act-card__title'>{activity.title}</Text>
          <StatusBadge
            status={activity.badge.key}
            label={activity.badge.label}
            className={`act-badge act-badge--${activity.badge.key} act-roster__badge`}
          />
        </View>
        <Text className='act-card__line'>{timeRange(activity.startAt, activity.endAt)}</Text>
        <Text className='act-card__line act-roster__counts'>
          已获名额 {confirmedCount} / {activity.capacity} · 候补 {waitlistCount}
        </Text>
        {manage.publish && (
          <Button
            className='act-button act-roster__publish'
            disabled={busy}
            onClick={() =>
              act(async () => {
                showDetail((await cloud.activity.publish({ activityId })).detail)
                return '已发布'
              })
            }
          >
            发布活动
          </Button>
        )}
        <View className='act-row'>
          {manage.checkinCode && (
            <Button
              className='act-button act-button--small act-button--ghost act-roster__code'
              onClick={() => Taro.navigateTo({ url: `${ACTIVITY_PAGES.checkin}?id=${activityId}` })}
            >
              签到码
            </Button>
          )}
          {activity.status === 'published' && (
            <Button className='act-button act-button--small act-button--ghost act-roster__poster' disabled={busy} onClick={posterCode}>
              海报码
            </Button>
          )}
          {manage.cancel && (
            <Button className='act-button act-button--small act-button--danger act-roster__cancel' disabled={busy} onClick={cancelActivity}>
              取消活动
            </Button>
          )}
        </View>
        {ended && pending.length > 0 && (
          <Button
            className='act-button act-roster__confirm-all'
            disabled={busy}
            onClick={() =>
              confirm((selected.size ? pending.filter((e) => selected.has(e.openid)) : pending).map((e) => ({ openid: e.openid })))
            }
          >
            {selected.size ? `确认所选 ${selected.size} 人的时长` : `按签到记录确认全部 ${pending.length} 人的时长`}
          </Button>
        )}
      </View>
      <ExportButtons label='报名名册（含时长）' run={(format) => cloud.activity.exportRoster({ activityId, format })} />
      <ExportButtons
        label={`${activity.teamName} 志愿时长月报`}
        withMonth
        run={(format, month) => cloud.activity.hoursReport({ teamId: activity.teamId, month, format })}
      />

      {roster.status === 'loading' && <Loading />}
      {roster.status === 'error' && <ErrorState message={roster.error} onRetry={roster.reload} />}
      {roster.status === 'ready' && (
        <DataTable
          columns={columns(ended)}
          rows={roster.items}
          rowKey={(entry) => entry.openid}
          rowClassName='act-roster__entry'
          searchText={(entry) => `${entry.name} ${entry.phone} ${entry.workUnit}`}
          searchPlaceholder='按姓名、手机号、单位筛选'
          empty='还没有人报名'
          selectable={ended ? (entry) => entry.status === 'confirmed' && !entry.confirmation : undefined}
          selected={selected}
          onSelectedChange={setSelected}
          actions={(entry) =>
            entry.status === 'confirmed' && (
              <View className='act-row'>
                {!entry.checkedInAt && manage.manualCheckin && (
                  <Button
                    className='act-button act-button--small act-button--ghost act-roster__manual'
                    disabled={rowBusy === entry.openid}
                    onClick={() => actOnRow(entry, () => cloud.activity.manualCheckin({ activityId, openid: entry.openid }), '已签到')}
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
                      className='act-button act-button--small act-button--ghost act-roster__confirm'
                      disabled={rowBusy === entry.openid}
                      onClick={() => confirmOne(entry)}
                    >
                      确认时长
                    </Button>
                  </>
                )}
              </View>
            )
          }
        />
      )}
      {/* One footer node whose text changes: the end of the roster re-sends the footer, not the table. */}
      {roster.status === 'ready' && roster.items.length > 0 && (
        <Text className={roster.hasMore ? 'act-more' : 'act-end'} onClick={roster.loadMore}>
          {roster.hasMore ? '加载更多' : '没有更多了'}
        </Text>
      )}
    </View>
  )
}
