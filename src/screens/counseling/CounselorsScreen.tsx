import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import type { SessionMode } from '@domain/counseling'
import { COUNSELING_TOPICS } from '@domain/counseling/consent'
import { Empty, ErrorState, Loading } from '../../components/StateView'
import { CounselorPhoto } from '../../components/Media'
import { useCloudData } from '../../hooks/useCloudData'
import { cloud } from '../../services/cloud'
import HotlineBanner from './HotlineBanner'
import { PAGES, modeLabel, slotLabel } from './format'
import './counseling.scss'
import ListCell from '../../components/ListCell'

const specialties = COUNSELING_TOPICS.filter((topic) => topic !== '其他')
const modes: SessionMode[] = ['online', 'in_person']

/** Counselors with specialty and mode filters; each card shows the next free slot. */
export default function CounselorsScreen() {
  const [specialty, setSpecialty] = useState<string>()
  const [mode, setMode] = useState<SessionMode>()
  const [state, reload] = useCloudData(() => cloud.counseling.counselors({ specialty, mode }), [specialty, mode])
  const [isCounselor, setIsCounselor] = useState(false)
  useEffect(() => {
    cloud.user.me().then(
      (me) => setIsCounselor(me.roles.includes('counselor')),
      () => undefined,
    )
  }, [])

  return (
    <View className='calm'>
      <View className='calm__links'>
        {isCounselor && (
          <Text className='calm__link calm__link--spaced' onClick={() => Taro.navigateTo({ url: PAGES.counselorBookings })}>
            咨询师工作台
          </Text>
        )}
        <Text className='calm__link' onClick={() => Taro.navigateTo({ url: PAGES.myBookings })}>
          我的预约
        </Text>
      </View>
      <View className='chips'>
        <Text className={`chip ${!specialty ? 'chip--active' : ''}`} onClick={() => setSpecialty(undefined)}>
          全部
        </Text>
        {specialties.map((s) => (
          <Text key={s} className={`chip ${specialty === s ? 'chip--active' : ''}`} onClick={() => setSpecialty(s)}>
            {s}
          </Text>
        ))}
      </View>
      <View className='chips'>
        <Text className={`chip ${!mode ? 'chip--active' : ''}`} onClick={() => setMode(undefined)}>
          不限方式
        </Text>
        {modes.map((m) => (
          <Text key={m} className={`chip ${mode === m ? 'chip--active' : ''}`} onClick={() => setMode(m)}>
            {modeLabel(m)}
          </Text>
        ))}
      </View>
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <ErrorState message={state.message} onRetry={reload} />}
      {state.status === 'ready' && state.data.items.length === 0 && <Empty title='暂无符合条件的咨询师' hint='换个条件试试' />}
      {state.status === 'ready' &&
        state.data.items.map((c) => (
          <ListCell
            key={c.counselorId}
            className='card counselor-card with-photo'
            onClick={() => Taro.navigateTo({ url: `${PAGES.counselor}?counselorId=${c.counselorId}` })}
          >
            <CounselorPhoto name={c.name} url={c.photoUrl} variant='lead' />
            <Text className='card__title'>{c.name}</Text>
            <Text className='card__subtitle'>{c.title}</Text>
            <Text className='card__line'>
              {c.specialties.join(' · ')} ｜ {c.modes.map(modeLabel).join('、')}
            </Text>
            <Text className='card__accent'>{c.nextSlot ? `最近可约：${slotLabel(c.nextSlot.start)}` : '近 14 天已约满'}</Text>
          </ListCell>
        ))}
      <HotlineBanner />
    </View>
  )
}
