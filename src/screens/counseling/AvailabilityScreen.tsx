import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Input, Picker, Text, View } from '@tarojs/components'
import { validateAvailability, type Availability, type DayWindow, type WeeklyWindow } from '@domain/counseling'
import { WEEKDAY_NAMES_CN, type Weekday } from '@domain/time'
import { ErrorState, Loading } from '../../components/StateView'
import { errorText } from '../../services/cloud'
import { counselingApi } from '../../services/counseling'
import { userApi } from '../../services/user'
import HotlineBanner from './HotlineBanner'
import './counseling.scss'

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as Weekday[]
const WEEKDAY_LABELS = WEEKDAYS.map((d) => WEEKDAY_NAMES_CN[d])

/** A date's windows as the counselor types them: "09:00-12:00, 14:00-17:00"; empty = closed that day. */
type ExceptionRow = { date: string; windows: string }

function parseWindows(text: string): DayWindow[] {
  return text
    .split(/[,，]/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [start = '', end = ''] = part.split(/[-–~]/).map((t) => t.trim())
      return { start, end }
    })
}

/** Weekly windows on the Shanghai clock plus date exceptions (a day off, or other hours on a date). */
export default function AvailabilityScreen() {
  const [weekly, setWeekly] = useState<WeeklyWindow[]>()
  const [exceptions, setExceptions] = useState<ExceptionRow[]>([])
  const [loadError, setLoadError] = useState('')
  const [errors, setErrors] = useState<string[]>([])
  const [saving, setSaving] = useState(false)

  const load = () => {
    setLoadError('')
    userApi
      .me()
      .then((me) => {
        if (!me.counselorId) throw new Error('仅限咨询师使用')
        return counselingApi.counselor(me.counselorId)
      })
      .then(
        ({ availability }) => {
          setWeekly(availability?.weekly ?? [])
          setExceptions(
            (availability?.exceptions ?? []).map((e) => ({
              date: e.date,
              windows: e.windows.map((w) => `${w.start}-${w.end}`).join(', '),
            })),
          )
        },
        (error) => setLoadError(error instanceof Error && !('code' in error) ? error.message : errorText(error)),
      )
  }
  useEffect(load, [])

  if (loadError) return <ErrorState message={loadError} onRetry={load} />
  if (!weekly) return <Loading />

  const editWindow = (index: number, change: Partial<WeeklyWindow>) =>
    setWeekly(weekly.map((w, i) => (i === index ? { ...w, ...change } : w)))
  const editException = (index: number, change: Partial<ExceptionRow>) =>
    setExceptions(exceptions.map((e, i) => (i === index ? { ...e, ...change } : e)))

  const save = async () => {
    const availability: Availability = { weekly, exceptions: exceptions.map((e) => ({ date: e.date, windows: parseWindows(e.windows) })) }
    const found = Object.values(validateAvailability(availability)).filter((m): m is string => Boolean(m))
    setErrors(found)
    if (found.length > 0) return
    setSaving(true)
    try {
      await counselingApi.setAvailability(availability)
      Taro.showToast({ title: '已保存', icon: 'success' })
    } catch (error) {
      setErrors([errorText(error)])
    } finally {
      setSaving(false)
    }
  }

  return (
    <View className='calm availability'>
      <View className='card'>
        <Text className='card__heading'>每周时段</Text>
        <Text className='calm__muted'>北京时间；每次咨询 50 分钟，间隔 10 分钟</Text>
        {weekly.map((w, index) => (
          <View key={index} className='availability__row'>
            <Picker
              mode='selector'
              range={WEEKDAY_LABELS}
              value={w.weekday - 1}
              onChange={(e) => editWindow(index, { weekday: WEEKDAYS[Number(e.detail.value)] })}
            >
              <Text className='availability__weekday'>{WEEKDAY_NAMES_CN[w.weekday]}</Text>
            </Picker>
            <Input
              className='availability__time'
              value={w.start}
              maxlength={5}
              onInput={(e) => editWindow(index, { start: e.detail.value })}
            />
            <Text>至</Text>
            <Input className='availability__time' value={w.end} maxlength={5} onInput={(e) => editWindow(index, { end: e.detail.value })} />
            <Text className='calm__link' onClick={() => setWeekly(weekly.filter((_, i) => i !== index))}>
              删除
            </Text>
          </View>
        ))}
        <Text className='calm__link' onClick={() => setWeekly([...weekly, { weekday: 1, start: '09:00', end: '12:00' }])}>
          + 添加时段
        </Text>
      </View>
      <View className='card'>
        <Text className='card__heading'>特殊日期</Text>
        <Text className='calm__muted'>当天按此处时段接待，如 09:00-12:00, 14:00-17:00；留空表示当天休息</Text>
        {exceptions.map((e, index) => (
          <View key={index} className='availability__row'>
            <Picker mode='date' value={e.date} onChange={(event) => editException(index, { date: event.detail.value })}>
              <Text className='availability__date'>{e.date || '选择日期'}</Text>
            </Picker>
            <Input
              className='availability__windows'
              value={e.windows}
              placeholder='休息'
              onInput={(event) => editException(index, { windows: event.detail.value })}
            />
            <Text className='calm__link' onClick={() => setExceptions(exceptions.filter((_, i) => i !== index))}>
              删除
            </Text>
          </View>
        ))}
        <Text className='calm__link' onClick={() => setExceptions([...exceptions, { date: '', windows: '' }])}>
          + 添加特殊日期
        </Text>
      </View>
      {errors.map((message) => (
        <Text key={message} className='field__error'>
          {message}
        </Text>
      ))}
      <Button className='calm__button' loading={saving} disabled={saving} onClick={save}>
        保存
      </Button>
      <HotlineBanner />
    </View>
  )
}
