import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { errorText } from '../../services/cloud'
import { localControl, type SimulatorState } from '../../services/bookcase'
import { disabledIf } from './disabledIf'
import './bookcase.scss'

/**
 * Local mode only: the hands at the cabinet. Take a book out of the open door, put one in, close the
 * door — the simulator reports it to cabinetGateway as the real cabinet would.
 */
export default function SimulatorPanel({ cabinetId, door, onClosed }: { cabinetId: string; door: number; onClosed: () => void }) {
  const [state, setState] = useState<SimulatorState | null>(null)
  // One hand at the door: the next action waits until the simulator has taken the last one.
  const [busy, setBusy] = useState(false)

  const refresh = () => localControl<SimulatorState>('cabinets').then(setState, () => undefined)
  useEffect(() => {
    refresh()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [cabinetId, door])

  const act = async (route: string, data: Record<string, unknown>) => {
    setBusy(true)
    try {
      await localControl(route, { cabinetId, door, ...data })
      if (route === 'cabinets/close') onClosed()
      else await refresh()
    } catch (error) {
      Taro.showToast({ title: errorText(error), icon: 'none' })
    } finally {
      setBusy(false)
    }
  }

  const inside = state?.cabinets.find((c) => c.cabinetId === cabinetId)?.doors.find((d) => d.door === door)?.tags ?? []
  return (
    <View className='simulator'>
      <Text className='simulator__title'>书柜模拟器（本地演示）</Text>
      <Text className='bookcase__hint'>柜内标签：</Text>
      {inside.map((tag) => (
        <View key={tag} className='simulator__row'>
          <Text className='simulator__tag'>{tag}</Text>
          <Button size='mini' className='simulator__take' disabled={disabledIf(busy)} onClick={() => act('cabinets/take', { tag })}>
            取出
          </Button>
        </View>
      ))}
      {(state?.booksOnLoan ?? [])
        .filter((book) => !inside.includes(book.tag))
        .map((book) => (
          <View key={book.tag} className='simulator__row'>
            <Text className='simulator__tag'>
              《{book.title}》{book.tag}
            </Text>
            <Button
              size='mini'
              className='simulator__put'
              disabled={disabledIf(busy)}
              onClick={() => act('cabinets/put', { tag: book.tag })}
            >
              放入
            </Button>
          </View>
        ))}
      <Button className='bookcase__primary simulator__close' disabled={disabledIf(busy)} onClick={() => act('cabinets/close', {})}>
        关门
      </Button>
    </View>
  )
}
