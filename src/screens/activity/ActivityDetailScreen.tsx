import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Input, Text, View } from '@tarojs/components'
import { formatDateTimeCn, formatHoursCn, shanghaiTime } from '@domain/time'
import { ErrorState, Loading } from '../../components/StateView'
import { ActivityCover } from '../../components/Media'
import { useCloudData } from '../../hooks/useCloudData'
import { ACTIVITY_PAGES, signUp, type ActivityDetail } from '../../services/activity'
import { CloudError, cloud, errorText } from '../../services/cloud'
import { confirmDestructive } from '../../components/confirm'
import { hoursText, seatsText, timeRange } from './format'
import './activity.scss'
import StatusBadge from '../../components/StatusBadge'

const PROFILE_PAGE = '/pages/profile/index'
/** The H5 build has no camera scanner: the volunteer types the code shown under the QR instead. */
const canScan = process.env.TARO_ENV !== 'h5'

function openMap(location: ActivityDetail['activity']['location']) {
  Taro.openLocation({ latitude: location.latitude, longitude: location.longitude, name: location.name, scale: 16 }).catch(() =>
    Taro.showToast({ title: '无法打开地图', icon: 'none' }),
  )
}

/** An activity: what, when, where, seats, my signup, and the one main button for what I can do now. */
export default function ActivityDetailScreen({ activityId }: { activityId: string }) {
  const [state, reload, show] = useCloudData(() => cloud.activity.detail({ activityId }), [activityId])
  const [busy, setBusy] = useState(false)
  const [typing, setTyping] = useState(false)
  const [typed, setTyped] = useState('')

  const fail = (error: unknown) => {
    if (error instanceof CloudError && error.code === 'PROFILE_INCOMPLETE') {
      Taro.navigateTo({ url: PROFILE_PAGE })
      return
    }
    Taro.showModal({ title: '未能完成', content: errorText(error), showCancel: false })
  }

  /** An action answers the page's new state: shown at once; a refusal reloads, so nothing stale stays on screen. */
  const run = async (work: () => Promise<{ toast: string; detail: ActivityDetail }>) => {
    setBusy(true)
    try {
      const { toast, detail } = await work()
      show(detail)
      Taro.showToast({ title: toast, icon: 'success' })
    } catch (error) {
      fail(error)
      reload()
    } finally {
      setBusy(false)
    }
  }

  const scan = async (kind: 'checkin' | 'checkout', token: string) => {
    const { detail } = await cloud.activity[kind]({ token: token.trim(), activityId })
    setTyping(false)
    setTyped('')
    return { toast: kind === 'checkin' ? '签到成功' : '签退成功', detail }
  }

  if (state.status === 'loading') return <Loading />
  if (state.status === 'error') return <ErrorState message={state.message} onRetry={reload} />
  const detail = state.data
  const { activity, action, mySignup, manage } = detail
  const seatsShown = activity.badge.key === 'open' || activity.badge.key === 'full' || activity.badge.key === 'closed'
  const leaving = action.kind === 'cancelSignup' || action.kind === 'leaveWaitlist'

  const press = async () => {
    switch (action.kind) {
      case 'signup':
      case 'joinWaitlist':
        return run(async () => {
          const answer = await signUp(activityId)
          return { toast: answer.status === 'confirmed' ? '报名成功' : `排在候补第 ${answer.waitlistPosition} 位`, detail: answer.detail }
        })
      case 'completeProfile':
        return Taro.navigateTo({ url: PROFILE_PAGE })
      case 'checkin':
      case 'checkout': {
        if (!canScan) return setTyping(true)
        const kind = action.kind
        try {
          const { result } = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] })
          return run(() => scan(kind, result))
        } catch {
          return // the person closed the scanner
        }
      }
      default:
    }
  }

  const leave = async () => {
    const signedUp = action.kind === 'cancelSignup'
    const sure = await confirmDestructive({
      title: signedUp ? '取消报名？' : '取消候补？',
      content: signedUp ? '您的名额将让给候补的志愿者，之后再报名可能需要排队。' : '您将离开候补名单，之后再报名会排在最后。',
      confirmText: signedUp ? '取消报名' : '取消候补',
    })
    if (sure)
      run(async () => ({
        toast: signedUp ? '已取消报名' : '已取消候补',
        detail: (await cloud.activity.cancelSignup({ activityId })).detail,
      }))
  }

  const publish = () => run(async () => ({ toast: '已发布', detail: (await cloud.activity.publish({ activityId })).detail }))

  return (
    <View className='act'>
      <View className='act-card'>
        <ActivityCover category={activity.category} url={activity.coverUrl} variant='banner' />
        <View className='act-card__head'>
          <Text className='act-tag'>{activity.category}</Text>
          <Text className='act-card__title act-detail__title'>{activity.title}</Text>
          <StatusBadge
            status={activity.badge.key}
            label={activity.badge.label}
            className={`act-badge act-badge--${activity.badge.key} act-detail__badge`}
          />
        </View>
        <Text className='act-card__line'>{activity.teamName}</Text>
        <Text className='act-card__line'>时间：{timeRange(activity.startAt, activity.endAt)}</Text>
        <Text className='act-card__line act-detail__location' onClick={() => openMap(activity.location)}>
          地点：{activity.location.name}（查看地图）
        </Text>
        <Text className='act-card__line'>报名截止：{formatDateTimeCn(new Date(activity.signupDeadline))}</Text>
        <Text className='act-card__line'>
          服务时长 {formatHoursCn(activity.hours)} · {activity.points} 积分
        </Text>
        <Text
          className={`act-card__seats act-detail__seats ${seatsShown ? (activity.seatsLeft > 0 ? '' : 'act-card__seats--full') : 'act-card__seats--muted'}`}
        >
          {seatsShown ? seatsText(activity) : `已获名额 ${detail.confirmedCount} / ${activity.capacity} 人`}
          {detail.waitlistCount > 0 ? ` · 候补 ${detail.waitlistCount} 人` : ''}
        </Text>
        {activity.status === 'cancelled' && (
          <Text className='act-warning'>活动已取消{activity.cancelReason ? `：${activity.cancelReason}` : ''}</Text>
        )}
      </View>

      {mySignup && (
        <View className='act-card act-mine'>
          <View className='act-card__head'>
            <Text className='act-card__heading'>我的报名</Text>
            {detail.myBadge && (
              <StatusBadge
                status={detail.myBadge.key}
                label={detail.myBadge.label}
                className={`act-badge act-badge--${detail.myBadge.key} act-mine__status`}
              />
            )}
          </View>
          {mySignup.checkedInAt && <Text className='act-card__line'>签到：{shanghaiTime(new Date(mySignup.checkedInAt))}</Text>}
          {mySignup.checkedOutAt && <Text className='act-card__line'>签退：{shanghaiTime(new Date(mySignup.checkedOutAt))}</Text>}
          {activity.phase === 'past' && <Text className='act-card__line act-mine__hours'>{hoursText(mySignup)}</Text>}
          {action.kind === 'checkin' && (
            <Text className='act-card__line act-mine__hint'>
              签到时间 {shanghaiTime(new Date(detail.checkinWindow.start))}–{shanghaiTime(new Date(detail.checkinWindow.end))}
              ，请扫描组织者出示的签到码
            </Text>
          )}
          {action.kind === 'checkout' && (
            <Text className='act-card__line act-mine__hint'>
              已签到。离开前请扫描组织者出示的签退码（{shanghaiTime(new Date(detail.checkinWindow.end))} 前）
            </Text>
          )}
        </View>
      )}

      <View className='act-card'>
        <Text className='act-card__heading'>活动介绍</Text>
        <Text className='act-card__body'>{activity.description || '暂无介绍'}</Text>
      </View>

      {typing && (
        <View className='act-card act-code-entry'>
          <Text className='act-card__heading'>输入{action.kind === 'checkout' ? '签退' : '签到'}码</Text>
          <Input
            className='act-input act-code-entry__input'
            value={typed}
            placeholder='二维码下方的文字'
            onInput={(event) => setTyped(event.detail.value)}
          />
          <Button
            className='act-button act-code-entry__submit'
            disabled={busy || !typed.trim()}
            onClick={() => run(() => scan(action.kind === 'checkout' ? 'checkout' : 'checkin', typed))}
          >
            提交
          </Button>
        </View>
      )}

      {manage && (
        <View className='act-links act-organizer'>
          <Text className='act-link' onClick={() => Taro.navigateTo({ url: `${ACTIVITY_PAGES.roster}?id=${activityId}` })}>
            报名名单
          </Text>
          {manage.checkinCode && (
            <Text className='act-link' onClick={() => Taro.navigateTo({ url: `${ACTIVITY_PAGES.checkin}?id=${activityId}` })}>
              现场签到码
            </Text>
          )}
          {manage.edit && (
            <Text className='act-link' onClick={() => Taro.navigateTo({ url: `${ACTIVITY_PAGES.form}?id=${activityId}` })}>
              编辑
            </Text>
          )}
        </View>
      )}

      <View className='act-footer'>
        {manage?.publish ? (
          <Button className='act-button act-main act-main--publish' disabled={busy} loading={busy} onClick={publish}>
            发布活动
          </Button>
        ) : leaving ? (
          <Button className='act-button act-button--danger act-main act-main--leave' disabled={busy} loading={busy} onClick={leave}>
            {action.label}
          </Button>
        ) : (
          <Button
            className={`act-button act-main act-main--${action.kind}`}
            disabled={!action.enabled || busy}
            loading={busy}
            onClick={press}
          >
            {action.label}
          </Button>
        )}
      </View>
    </View>
  )
}
