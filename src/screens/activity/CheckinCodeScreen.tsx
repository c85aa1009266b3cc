import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { formatDateTimeCn, shanghaiTime } from '@domain/time'
import QrCode from '../../components/QrCode'
import { ErrorState, Loading } from '../../components/StateView'
import { ACTIVITY_PAGES, type CheckinCode } from '../../services/activity'
import { cloud, errorText } from '../../services/cloud'
import './activity.scss'

type Kind = CheckinCode['kind']
/** Fetch a little after the step changes, so the server is surely in the new step. */
const AFTER_ROTATION_MS = 300

/**
 * The organizer's on-site code: a QR code of the check-in link with the current signed token, fetched
 * again whenever its 30-second step ends. WeChat's own scanner opens the mini-program's check-in page
 * with it, the activity page's scanner reads it too; the token below works without a camera.
 */
export default function CheckinCodeScreen({ activityId }: { activityId: string }) {
  const [kind, setKind] = useState<Kind>('checkin')
  const [code, setCode] = useState<CheckinCode | null>(null)
  const [error, setError] = useState('')
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined
    let stopped = false
    const fetchCode = () => {
      cloud.activity.checkinCode({ activityId, kind }).then(
        (next) => {
          if (stopped) return
          setCode(next)
          setError('')
          timer = setTimeout(fetchCode, Math.max(1000, next.refreshAt - next.now + AFTER_ROTATION_MS))
        },
        (failure) => {
          if (!stopped) setError(errorText(failure))
        },
      )
    }
    fetchCode()
    return () => {
      stopped = true
      clearTimeout(timer)
    }
  }, [activityId, kind, attempt])

  if (error) return <ErrorState message={error} onRetry={() => setAttempt((n) => n + 1)} />
  if (!code || code.kind !== kind) return <Loading />
  const label = kind === 'checkin' ? '签到' : '签退'
  // By the server's clock: no live code before the window opens or after it closes.
  const notYet = code.now < code.windowStart
  const over = code.now > code.windowEnd
  return (
    <View className='act act-checkin'>
      <View className='act-tabs'>
        {(['checkin', 'checkout'] as const).map((option) => (
          <Text
            key={option}
            className={`act-tab act-tab--${option} ${kind === option ? 'act-tab--current' : ''}`}
            onClick={() => setKind(option)}
          >
            {option === 'checkin' ? '签到码' : '签退码'}
          </Text>
        ))}
      </View>
      <View className='act-card act-checkin__card'>
        {notYet ? (
          <Text className='act-card__heading act-checkin__closed'>未到{label}时间</Text>
        ) : over ? (
          <Text className='act-card__heading act-checkin__closed'>{label}时间已结束</Text>
        ) : (
          <>
            <Text className='act-card__heading'>请志愿者用微信扫码{label}</Text>
            <QrCode text={code.link ?? code.token} caption={code.token} />
            <Text className='act-card__line act-checkin__hint'>二维码每 30 秒自动更新，截图转发无效</Text>
          </>
        )}
        <Text className='act-card__line'>
          可{label}时间：{formatDateTimeCn(new Date(code.windowStart))}–{shanghaiTime(new Date(code.windowEnd))}
        </Text>
      </View>
      <Text className='act-link' onClick={() => Taro.navigateTo({ url: `${ACTIVITY_PAGES.roster}?id=${activityId}` })}>
        查看签到情况
      </Text>
    </View>
  )
}
