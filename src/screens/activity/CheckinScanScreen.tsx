import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { tokenKindOf } from '@domain/activity/token'
import { tokenFromScan } from '@domain/links'
import { shanghaiTime } from '@domain/time'
import { ErrorState, Loading } from '../../components/StateView'
import { ACTIVITY_PAGES } from '../../services/activity'
import { CloudError, cloud, errorText } from '../../services/cloud'
import './activity.scss'

type State =
  | { status: 'working' }
  | { status: 'done'; activityId: string; title: string; kind: 'checkin' | 'checkout'; at: number | null; repeated: boolean }
  | { status: 'error'; message: string; needsProfile: boolean }

/**
 * Where the organizer's check-in code leads when scanned with WeChat: checks the person in (or out —
 * the code says which) at once and shows the result, with the way to the activity.
 */
export default function CheckinScanScreen({ scanned }: { scanned: string }) {
  const [state, setState] = useState<State>({ status: 'working' })
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    const token = tokenFromScan(scanned)
    const kind = token ? tokenKindOf(token) : null
    if (!token || !kind) {
      setState({ status: 'error', message: '这不是活动签到码，请扫描现场签到二维码', needsProfile: false })
      return
    }
    setState({ status: 'working' })
    cloud.activity[kind]({ token }).then(
      (answer) => {
        const at = kind === 'checkin' ? answer.signup.checkedInAt : answer.signup.checkedOutAt
        setState({ status: 'done', activityId: answer.signup.activityId, title: answer.title, kind, at, repeated: answer.repeated })
      },
      (error) =>
        setState({
          status: 'error',
          message: errorText(error),
          needsProfile: error instanceof CloudError && error.code === 'PROFILE_INCOMPLETE',
        }),
    )
  }, [scanned, attempt])

  if (state.status === 'working') return <Loading text='正在签到…' />
  if (state.status === 'error') {
    return (
      <View className='act'>
        <ErrorState message={state.message} onRetry={() => setAttempt((n) => n + 1)} />
        {state.needsProfile && (
          <Button className='act-button' onClick={() => Taro.navigateTo({ url: '/pages/profile/index' })}>
            完善资料
          </Button>
        )}
      </View>
    )
  }
  const label = state.kind === 'checkin' ? '签到' : '签退'
  return (
    <View className='act'>
      <View className='act-card act-scan__result'>
        <Text className='act-card__title'>{state.repeated ? `已${label}过` : `${label}成功`}</Text>
        <Text className='act-card__line'>{state.title}</Text>
        {state.at && (
          <Text className='act-card__line'>
            {label}时间 {shanghaiTime(new Date(state.at))}
          </Text>
        )}
      </View>
      <Button className='act-button' onClick={() => Taro.redirectTo({ url: `${ACTIVITY_PAGES.detail}?id=${state.activityId}` })}>
        查看活动
      </Button>
    </View>
  )
}
