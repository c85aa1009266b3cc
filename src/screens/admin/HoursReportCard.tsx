import { useState } from 'react'
import { Button, Picker, Text, View } from '@tarojs/components'
import ExportButtons from '../../components/ExportButtons'
import { cloud, errorText } from '../../services/cloud'

type Teams = { id: string; name: string }[]

/**
 * Union staff: any team's volunteer hours for a month, as Excel or CSV. The team list is read when the
 * card is opened, so the dashboard itself stays one request.
 */
export default function HoursReportCard() {
  const [teams, setTeams] = useState<Teams | null>(null)
  const [index, setIndex] = useState(0)
  const [error, setError] = useState('')
  const open = async () => {
    try {
      setTeams((await cloud.activity.teams()).items)
      setError('')
    } catch (failure) {
      setError(errorText(failure))
    }
  }
  const team = teams?.[index]
  return (
    <View className='dash__card dash__hours'>
      <Text className='dash__title'>志愿时长月报（按服务队）</Text>
      {!teams && (
        <Button className='adm-button dash__hours-open' size='mini' onClick={open}>
          选择服务队
        </Button>
      )}
      {error && <Text className='adm-hint adm-bad'>{error}</Text>}
      {teams && teams.length === 0 && <Text className='adm-hint'>还没有服务队</Text>}
      {teams && team && (
        <>
          <Picker mode='selector' range={teams.map((t) => t.name)} value={index} onChange={(event) => setIndex(Number(event.detail.value))}>
            <Text className='export__month'>{team.name} ▾</Text>
          </Picker>
          <ExportButtons label='' withMonth run={(format, month) => cloud.activity.hoursReport({ teamId: team.id, month, format })} />
        </>
      )}
    </View>
  )
}
