import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Input, Text, View } from '@tarojs/components'
import { formatHoursCn } from '@domain/time'
import type { VerifiedVolunteer } from '../../services/activity'
import { cloud, errorText } from '../../services/cloud'
import './activity.scss'

type State =
  { status: 'idle' } | { status: 'working' } | { status: 'ok'; volunteer: VerifiedVolunteer } | { status: 'error'; message: string }

/**
 * 核验志愿者证 (organizers): scan the card's code (typed on H5, where there is no camera); the server
 * says whose card it is, with their hours, or that the code is forged or stale.
 */
export default function VolunteerVerifyScreen({ initialCode }: { initialCode: string }) {
  const [code, setCode] = useState(initialCode)
  const [state, setState] = useState<State>({ status: 'idle' })

  const verify = (scanned: string) => {
    if (!scanned.trim()) return
    setState({ status: 'working' })
    cloud.activity.verifyVolunteerCard({ code: scanned.trim() }).then(
      (volunteer) => setState({ status: 'ok', volunteer }),
      (error) => setState({ status: 'error', message: errorText(error) }),
    )
  }

  useEffect(() => {
    if (initialCode) verify(initialCode)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [initialCode])

  const scan = async () => {
    const { result } = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] })
    setCode(result)
    verify(result)
  }

  return (
    <View className='act'>
      {process.env.TARO_ENV === 'h5' ? (
        <View className='act-search'>
          <Input
            className='act-search__input'
            value={code}
            placeholder='输入志愿者证二维码内容'
            onInput={(event) => setCode(event.detail.value)}
          />
        </View>
      ) : null}
      <Button className='act-button act-verify__scan' onClick={() => (process.env.TARO_ENV === 'h5' ? verify(code) : scan())}>
        {process.env.TARO_ENV === 'h5' ? '核验' : '扫码核验'}
      </Button>
      {state.status === 'working' && <Text className='act-card__line'>正在核验…</Text>}
      {state.status === 'error' && <Text className='act-warning act-verify__error'>{state.message}</Text>}
      {state.status === 'ok' && (
        <View className='act-card act-verify'>
          <Text className='act-badge act-verify__badge'>有效的志愿者证</Text>
          <Text className='act-card__title act-verify__name'>{state.volunteer.name}</Text>
          <Text className='act-card__line'>编号 {state.volunteer.volunteerNo}</Text>
          <Text className='act-card__line'>
            累计 {formatHoursCn(state.volunteer.hours)} · 积分 {state.volunteer.points} · 参加活动 {state.volunteer.activities} 次
          </Text>
          {state.volunteer.teams.length > 0 && <Text className='act-card__line'>服务队：{state.volunteer.teams.join('、')}</Text>}
        </View>
      )}
    </View>
  )
}
