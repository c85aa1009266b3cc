import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Picker, Text, View } from '@tarojs/components'
import { validateAvailability, type Availability, type DayWindow, type WeeklyWindow } from '@domain/counseling'
import { WEEKDAY_NAMES_CN, type Weekday } from '@domain/time'
import { ErrorState, Loading } from '../../components/StateView'
import { cloud, errorText } from '../../services/cloud'
import HotlineBanner from './HotlineBanner'
import './counseling.scss'

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as Weekday[]
const WEEKDAY_LABELS = WEEKDAYS.map((d) => WEEKDAY_NAMES_CN[d])

/** A date and its windows, each picked; no window = closed that day. */
type ExceptionRow = { date: string; windows: DayWindow[] }

/** A time picked, never typed: WeChat's time picker (H5 shows its own). */
function TimePicker({ value, onChange, className }: { value: string; onChange: (time: string) => void; className: string }) {
  return (
    <Picker className='availability__picker' mode='time' value={value} onChange={(event) => onChange(event.detail.value)}>
      <Text className={`availability__time ${className}`}>{value}</Text>
    </Picker>
  )
}

/** Weekly windows on the Shanghai clock plus date exceptions (a day off, or other hours on a date). */
export default function AvailabilityScreen() {
  const [weekly, setWeekly] = useState<WeeklyWindow[]>()
  const [exceptions, setExceptions] = useState<ExceptionRow[]>([])
  const [loadError, setLoadError] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [serverError, setServerError] = useState('')
  const [saving, setSaving] = useState(false)

  const load = () => {
    setLoadError('')
    cloud.user
      .me()
      .then((me) => {
        if (!me.counselorId) throw new Error('仅限咨询师使用')
        return cloud.counseling.counselor({ counselorId: me.counselorId })
      })
      .then(
        ({ availability }) => {
          setWeekly(availability?.weekly ?? [])
          setExceptions((availability?.exceptions ?? []).map((e) => ({ date: e.date, windows: e.windows })))
        },
        (error) => setLoadError(error instanceof Error && !('code' in error) ? error.message : errorText(error)),
      )
  }
  useEffect(load, [])

  if (loadError) return <ErrorState message={loadError} onRetry={load} />
  if (!weekly) return <Loading />

  const problems = (nextWeekly: WeeklyWindow[], nextExceptions: ExceptionRow[]) =>
    validateAvailability({ weekly: nextWeekly, exceptions: nextExceptions }) as Record<string, string>
  /** After an edit, an error shown stays only while its row is still wrong (and moves with the rows). */
  const update = (nextWeekly: WeeklyWindow[], nextExceptions: ExceptionRow[]) => {
    setWeekly(nextWeekly)
    setExceptions(nextExceptions)
    if (Object.keys(errors).length > 0) setErrors(problems(nextWeekly, nextExceptions))
  }
  const editWindow = (index: number, change: Partial<WeeklyWindow>) =>
    update(
      weekly.map((w, i) => (i === index ? { ...w, ...change } : w)),
      exceptions,
    )
  const editException = (index: number, change: Partial<ExceptionRow>) =>
    update(
      weekly,
      exceptions.map((e, i) => (i === index ? { ...e, ...change } : e)),
    )
  const editExceptionWindow = (index: number, w: number, change: Partial<DayWindow>) =>
    editException(index, { windows: exceptions[index].windows.map((x, j) => (j === w ? { ...x, ...change } : x)) })

  const save = async () => {
    const availability: Availability = { weekly, exceptions }
    const found = problems(weekly, exceptions)
    setErrors(found)
    setServerError('')
    const first = Object.keys(found)[0]
    if (first) {
      setTimeout(
        () =>
          Taro.pageScrollTo({ selector: `#availability-${first.replace('.', '-')}`, offsetTop: -60, duration: 200 }).catch(() => undefined),
        50,
      )
      return
    }
    setSaving(true)
    try {
      await cloud.counseling.setAvailability(availability)
      Taro.showToast({ title: '已保存', icon: 'success' })
    } catch (error) {
      setServerError(errorText(error))
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
          <View key={index} id={`availability-weekly-${index}`}>
            <View className='availability__row'>
              <Picker
                mode='selector'
                range={WEEKDAY_LABELS}
                value={w.weekday - 1}
                onChange={(e) => editWindow(index, { weekday: WEEKDAYS[Number(e.detail.value)] })}
              >
                <Text className='availability__weekday'>{WEEKDAY_NAMES_CN[w.weekday]}</Text>
              </Picker>
              <TimePicker className='availability__start' value={w.start} onChange={(start) => editWindow(index, { start })} />
              <Text>至</Text>
              <TimePicker className='availability__end' value={w.end} onChange={(end) => editWindow(index, { end })} />
              <Text
                className='calm__link'
                onClick={() =>
                  update(
                    weekly.filter((_, i) => i !== index),
                    exceptions,
                  )
                }
              >
                删除
              </Text>
            </View>
            {errors[`weekly.${index}`] && <Text className='field__error availability__error'>{errors[`weekly.${index}`]}</Text>}
          </View>
        ))}
        <Text className='calm__link' onClick={() => update([...weekly, { weekday: 1, start: '09:00', end: '12:00' }], exceptions)}>
          + 添加时段
        </Text>
      </View>
      <View className='card'>
        <Text className='card__heading'>特殊日期</Text>
        <Text className='calm__muted'>当天按这里的时段接待；不添加时段表示当天休息</Text>
        {exceptions.map((e, index) => (
          <View key={index} id={`availability-exceptions-${index}`} className='availability__exception'>
            <View className='availability__row'>
              <Picker mode='date' value={e.date} onChange={(event) => editException(index, { date: event.detail.value })}>
                <Text className='availability__date'>{e.date || '选择日期'}</Text>
              </Picker>
              {e.windows.length === 0 && <Text className='calm__muted'>休息</Text>}
              <Text
                className='calm__link'
                onClick={() =>
                  update(
                    weekly,
                    exceptions.filter((_, i) => i !== index),
                  )
                }
              >
                删除
              </Text>
            </View>
            {e.windows.map((w, j) => (
              <View key={j} className='availability__row'>
                <TimePicker
                  className='availability__start'
                  value={w.start}
                  onChange={(start) => editExceptionWindow(index, j, { start })}
                />
                <Text>至</Text>
                <TimePicker className='availability__end' value={w.end} onChange={(end) => editExceptionWindow(index, j, { end })} />
                <Text className='calm__link' onClick={() => editException(index, { windows: e.windows.filter((_, k) => k !== j) })}>
                  删除时段
                </Text>
              </View>
            ))}
            <Text
              className='calm__link'
              onClick={() => editException(index, { windows: [...e.windows, { start: '09:00', end: '12:00' }] })}
            >
              + 当天时段
            </Text>
            {errors[`exceptions.${index}`] && <Text className='field__error availability__error'>{errors[`exceptions.${index}`]}</Text>}
          </View>
        ))}
        <Text className='calm__link' onClick={() => update(weekly, [...exceptions, { date: '', windows: [] }])}>
          + 添加特殊日期
        </Text>
      </View>
      {errors.weekly && <Text className='field__error'>{errors.weekly}</Text>}
      {serverError && <Text className='field__error availability__server-error'>{serverError}</Text>}
      <Button className='calm__button' loading={saving} disabled={saving} onClick={save}>
        保存
      </Button>
      <HotlineBanner />
    </View>
  )
}
