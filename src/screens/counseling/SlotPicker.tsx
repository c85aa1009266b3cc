import { useState } from 'react'
import { ScrollView, Text, View } from '@tarojs/components'
import { groupSlotsByDate } from '@domain/counseling'
import { formatMonthDayCn, shanghaiTime, WEEKDAY_NAMES_CN, weekdayOfDate } from '@domain/time'
import type { Slot } from './format'
import './counseling.scss'

/** Days that have free slots, then that day's slots with start, end and length; `onPick` gets the chosen slot. */
export default function SlotPicker({ slots, onPick }: { slots: Slot[]; onPick: (slot: Slot) => void }) {
  const days = groupSlotsByDate(slots.map((s) => ({ start: new Date(s.start), end: new Date(s.end) })))
  const [chosen, setChosen] = useState(0)
  if (days.length === 0) return <Text className='calm__muted'>近 14 天暂无可预约时段</Text>
  const day = days[Math.min(chosen, days.length - 1)]
  return (
    <View className='slots'>
      <ScrollView className='slots__days' scrollX>
        {days.map((d, index) => (
          <View key={d.date} className={`slots__day ${d === day ? 'slots__day--active' : ''}`} onClick={() => setChosen(index)}>
            <Text className='slots__weekday'>{WEEKDAY_NAMES_CN[weekdayOfDate(d.date)]}</Text>
            <Text className='slots__date'>{formatMonthDayCn(d.slots[0].start)}</Text>
          </View>
        ))}
      </ScrollView>
      <View className='slots__times'>
        {day.slots.map((slot) => (
          <View
            key={slot.start.getTime()}
            className='slots__time'
            onClick={() => onPick({ start: slot.start.getTime(), end: slot.end.getTime() })}
          >
            <Text className='slots__range'>
              {shanghaiTime(slot.start)}–{shanghaiTime(slot.end)}
            </Text>
            <Text className='slots__length'>{Math.round((slot.end.getTime() - slot.start.getTime()) / 60_000)} 分钟</Text>
          </View>
        ))}
      </View>
    </View>
  )
}
