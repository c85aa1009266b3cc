import { useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import { ErrorState, Loading } from '../../components/StateView'
import { useCloudData } from '../../hooks/useCloudData'
import { cloud } from '../../services/cloud'
import type { Answer } from '../../../functions/contract'
import HoursReportCard from './HoursReportCard'
import './DashboardScreen.scss'
import './admin-wide.scss'

/** Cabinets shown at a time: a city has hundreds, a page stays well under the WXML node limit. */
const CABINETS_PAGE = 20
/** One colour per counseling topic, in the order the cloud lists them. */
const TOPIC_COLOURS = ['#3a7d8c', '#c8102e', '#b45309', '#15803d', '#7c3aed', '#0369a1', '#9ca3af']

const monthLabel = (month: string) => `${Number(month.slice(5, 7))}月`
const hoursLabel = (hours: number) => (Number.isInteger(hours) ? String(hours) : hours.toFixed(1))
/** A bar's share of the largest value, as a CSS width; a zero stays empty. */
const share = (value: number, max: number) => `${max > 0 ? Math.round((value / max) * 1000) / 10 : 0}%`

function BarRow({ label, value, max, shown, tone }: { label: string; value: number; max: number; shown: string; tone: string }) {
  return (
    <View className='dash__row'>
      <Text className='dash__label'>{label}</Text>
      <View className='dash__track'>
        <View className={`dash__bar dash__bar--${tone}`} style={{ width: share(value, max) }} />
      </View>
      <Text className='dash__value'>{shown}</Text>
    </View>
  )
}

type Dashboard = Answer<'user', 'dashboard'>

function ActivityChart({ activity }: { activity: Dashboard['activity'] }) {
  const maxSignups = Math.max(...activity.map((m) => m.signups))
  const maxHours = Math.max(...activity.map((m) => m.hours))
  return (
    <View className='dash__card'>
      <Text className='dash__title'>志愿活动（近 6 个月）</Text>
      <View className='dash__legend'>
        <Text className='dash__key dash__key--signups'>报名人次（按报名月份）</Text>
        <Text className='dash__key dash__key--hours'>确认时长·小时（按活动月份）</Text>
      </View>
      {activity.map((m) => (
        <View key={m.month} className='dash__group'>
          <BarRow label={monthLabel(m.month)} value={m.signups} max={maxSignups} shown={String(m.signups)} tone='signups' />
          <BarRow label='' value={m.hours} max={maxHours} shown={hoursLabel(m.hours)} tone='hours' />
        </View>
      ))}
    </View>
  )
}

function CabinetChart({ cabinets }: { cabinets: Dashboard['loansByCabinet'] }) {
  const [shown, setShown] = useState(CABINETS_PAGE)
  const sorted = [...cabinets].sort((a, b) => b.loans - a.loans)
  const max = sorted[0]?.loans ?? 0
  return (
    <View className='dash__card'>
      <Text className='dash__title'>各书柜累计借阅（{cabinets.length} 个书柜）</Text>
      {sorted.slice(0, shown).map((cabinet) => (
        <BarRow key={cabinet.cabinetId} label={cabinet.name} value={cabinet.loans} max={max} shown={String(cabinet.loans)} tone='loans' />
      ))}
      {sorted.length > shown && (
        <Button className='dash__more' size='mini' onClick={() => setShown(shown + CABINETS_PAGE)}>
          显示更多书柜
        </Button>
      )}
    </View>
  )
}

function CounselingChart({ counseling }: { counseling: Dashboard['counseling'] }) {
  const max = Math.max(...counseling.byMonth.map((m) => m.sessions))
  return (
    <View className='dash__card'>
      <Text className='dash__title'>心理咨询（按月、按主题，仅统计数量）</Text>
      <View className='dash__legend'>
        {counseling.topics.map((topic, i) => (
          <View key={topic} className='dash__topic'>
            <View className='dash__swatch' style={{ background: TOPIC_COLOURS[i % TOPIC_COLOURS.length] }} />
            <Text>{topic}</Text>
          </View>
        ))}
      </View>
      {counseling.byMonth.map((m) => (
        <View key={m.month} className='dash__row'>
          <Text className='dash__label'>{monthLabel(m.month)}</Text>
          <View className='dash__track'>
            <View className='dash__stack' style={{ width: share(m.sessions, max) }}>
              {counseling.topics.map((topic, i) =>
                m.topics[topic] ? (
                  <View
                    key={topic}
                    className='dash__segment'
                    style={{ width: share(m.topics[topic], m.sessions), background: TOPIC_COLOURS[i % TOPIC_COLOURS.length] }}
                  />
                ) : null,
              )}
            </View>
          </View>
          <Text className='dash__value'>{m.sessions}</Text>
        </View>
      ))}
    </View>
  )
}

/** Union staff's overview: counts and bars drawn with plain views, no chart library. */
export default function DashboardScreen() {
  const [state, reload] = useCloudData(() => cloud.user.dashboard())
  if (state.status === 'loading') return <Loading />
  if (state.status === 'error') return <ErrorState message={state.message} onRetry={reload} />
  const data = state.data
  return (
    <View className='dash adm-wide adm-wide--grid'>
      <View className='dash__card dash__overdue'>
        <Text className='dash__title'>当前逾期未还</Text>
        <Text className='dash__big'>{data.overdueLoans}</Text>
        <Text className='dash__unit'>本</Text>
      </View>
      <ActivityChart activity={data.activity} />
      <CabinetChart cabinets={data.loansByCabinet} />
      <CounselingChart counseling={data.counseling} />
      <HoursReportCard />
    </View>
  )
}
