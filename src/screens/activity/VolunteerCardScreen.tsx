import { useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import { formatHoursCn } from '@domain/time'
import { ErrorState, Loading } from '../../components/StateView'
import QrCode from '../../components/QrCode'
import { useCloudData } from '../../hooks/useCloudData'
import { cloud } from '../../services/cloud'
import './activity.scss'

// The card's code verifies for 5 minutes; a fresh one is fetched a little before it lapses.
const REFRESH_BEFORE_EXPIRY_MS = 30_000

/**
 * 志愿者证: name, volunteer number, teams, hours and points, and a code an organizer scans to verify
 * it; below, the leaderboard by hours, city-wide or per team.
 */
export default function VolunteerCardScreen() {
  const [card, reloadCard] = useCloudData(() => cloud.activity.volunteerCard())
  const [teamId, setTeamId] = useState<string | null>(null)
  const [board, reloadBoard] = useCloudData(
    () => cloud.activity.leaderboard(teamId ? { scope: 'team', teamId } : { scope: 'city' }),
    [teamId],
  )

  useEffect(() => {
    if (card.status !== 'ready') return
    const timer = setTimeout(reloadCard, Math.max(5000, card.data.codeExpiresAt - Date.now() - REFRESH_BEFORE_EXPIRY_MS))
    return () => clearTimeout(timer)
  }, [card, reloadCard])

  if (card.status === 'loading') return <Loading />
  if (card.status === 'error') return <ErrorState message={card.message} onRetry={reloadCard} />
  const me = card.data
  return (
    <View className='act'>
      <View className='act-volunteer'>
        <Text className='act-volunteer__title'>志愿者证</Text>
        <Text className='act-volunteer__name'>{me.name ?? '未填写姓名'}</Text>
        <Text className='act-volunteer__number'>编号 {me.volunteerNo}</Text>
        <Text className='act-volunteer__label'>累计服务时长</Text>
        <Text className='act-volunteer__hours'>{formatHoursCn(me.hours)}</Text>
        <View className='act-volunteer__row'>
          <Text>积分 {me.points}</Text>
          <Text>参加活动 {me.activities} 次</Text>
          <Text>即将参加 {me.upcoming}</Text>
        </View>
        {me.teams.length > 0 && <Text className='act-volunteer__teams'>服务队：{me.teams.map((team) => team.name).join('、')}</Text>}
        {me.noShows > 0 && <Text className='act-volunteer__teams'>爽约 {me.noShows} 次，请报名后按时参加</Text>}
      </View>
      <View className='act-card act-volunteer-code'>
        <QrCode text={me.code} caption={`组织者扫码核验 · ${me.volunteerNo}`} size={360} />
        <Text className='act-card__line'>二维码 5 分钟内有效，过期自动刷新</Text>
      </View>

      <View className='act-tabs'>
        <Text className={`act-tab ${teamId === null ? 'act-tab--current' : ''}`} onClick={() => setTeamId(null)}>
          全市排行
        </Text>
        {me.teams.map((team) => (
          <Text key={team.id} className={`act-tab ${teamId === team.id ? 'act-tab--current' : ''}`} onClick={() => setTeamId(team.id)}>
            {team.name}
          </Text>
        ))}
      </View>
      {board.status === 'loading' && <Loading />}
      {board.status === 'error' && <ErrorState message={board.message} onRetry={reloadBoard} />}
      {board.status === 'ready' && (
        <View className='act-card act-board'>
          {board.data.items.length === 0 && <Text className='act-card__line'>还没有人获得服务时长</Text>}
          {board.data.items.map((row) => (
            <View key={row.rank} className={`act-board__row ${row.mine ? 'act-board__row--mine' : ''}`}>
              <Text className='act-board__rank'>{row.rank}</Text>
              <Text className='act-board__name'>{row.name}</Text>
              <Text className='act-board__hours'>{formatHoursCn(row.hours)}</Text>
            </View>
          ))}
          <Text className='act-card__line'>
            {board.data.me.rank ? `我的排名：第 ${board.data.me.rank} 名` : '参加活动并确认时长后上榜'}
          </Text>
        </View>
      )}
    </View>
  )
}
