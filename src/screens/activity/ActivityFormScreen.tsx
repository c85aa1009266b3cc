import { useEffect, useMemo, useState, type ReactNode } from 'react'
import Taro from '@tarojs/taro'
import { Button, Input, Picker, Text, Textarea, View } from '@tarojs/components'
import { ACTIVITY_CATEGORIES, validateActivityDraft, type ActivityDraftField } from '@domain/activity/draft'
import type { FieldErrors } from '@domain/errors'
import { addDaysToDate, shanghaiDate, shanghaiInstant, shanghaiTime } from '@domain/time'
import { ErrorState, Loading } from '../../components/StateView'
import { ActivityCover, PicturePicker } from '../../components/Media'
import { useCloudData } from '../../hooks/useCloudData'
import { ACTIVITY_PAGES, type ActivityDetail, type ActivityInput } from '../../services/activity'
import { cloud, errorText } from '../../services/cloud'
import './activity.scss'

interface FormState {
  /** a newly chosen cover's fileID ('' = keep the stored one, or the category's default) and the link it is shown by */
  cover: string
  coverUrl: string
  teamId: string
  title: string
  category: string
  description: string
  placeName: string
  latitude: string
  longitude: string
  startDate: string
  startTime: string
  endDate: string
  endTime: string
  deadlineDate: string
  deadlineTime: string
  capacity: string
  hours: string
  points: string
}

const blank: FormState = {
  cover: '',
  coverUrl: '',
  teamId: '',
  title: '',
  category: ACTIVITY_CATEGORIES[0],
  description: '',
  placeName: '',
  latitude: '36.0671',
  longitude: '120.3826',
  startDate: '',
  startTime: '09:00',
  endDate: '',
  endTime: '11:00',
  deadlineDate: '',
  deadlineTime: '18:00',
  capacity: '20',
  hours: '2',
  points: '20',
}

const instant = (date: string, time: string) => (date ? shanghaiInstant(date, time).getTime() : Number.NaN)

function toInput(form: FormState): ActivityInput {
  return {
    ...(form.cover ? { cover: form.cover } : {}),
    title: form.title.trim(),
    category: form.category,
    description: form.description,
    location: { name: form.placeName.trim(), latitude: Number(form.latitude), longitude: Number(form.longitude) },
    startAt: instant(form.startDate, form.startTime),
    endAt: instant(form.endDate || form.startDate, form.endTime),
    // Unless chosen, signups close the evening before the start.
    signupDeadline: instant(form.deadlineDate || (form.startDate && addDaysToDate(form.startDate, -1)), form.deadlineTime),
    capacity: Number(form.capacity),
    hours: Number(form.hours),
    points: Number(form.points),
  }
}

function fromActivity(a: ActivityDetail['activity']): FormState {
  const [start, end, deadline] = [a.startAt, a.endAt, a.signupDeadline].map((ms) => new Date(ms))
  return {
    // Sent again only when changed: a co-organizer editing keeps the picture another one uploaded.
    cover: '',
    coverUrl: a.coverUrl ?? '',
    teamId: a.teamId,
    title: a.title,
    category: a.category,
    description: a.description,
    placeName: a.location.name,
    latitude: String(a.location.latitude),
    longitude: String(a.location.longitude),
    startDate: shanghaiDate(start),
    startTime: shanghaiTime(start),
    endDate: shanghaiDate(end),
    endTime: shanghaiTime(end),
    deadlineDate: shanghaiDate(deadline),
    deadlineTime: shanghaiTime(deadline),
    capacity: String(a.capacity),
    hours: String(a.hours),
    points: String(a.points),
  }
}

/** The fields with rules, in the order they stand on the screen: the first with a problem is scrolled to. */
const FIELD_ORDER: { id: string; keys: ActivityDraftField[] }[] = [
  { id: 'title', keys: ['title'] },
  { id: 'category', keys: ['category'] },
  { id: 'location', keys: ['location.name', 'location.latitude', 'location.longitude'] },
  { id: 'startAt', keys: ['startAt'] },
  { id: 'endAt', keys: ['endAt'] },
  { id: 'signupDeadline', keys: ['signupDeadline'] },
  { id: 'capacity', keys: ['capacity'] },
  { id: 'hours', keys: ['hours'] },
  { id: 'points', keys: ['points'] },
  { id: 'description', keys: ['description'] },
]

function draftProblems(form: FormState): FieldErrors<ActivityDraftField> {
  const input = toInput(form)
  return validateActivityDraft({
    ...input,
    startAt: new Date(input.startAt),
    endAt: new Date(input.endAt),
    signupDeadline: new Date(input.signupDeadline),
  })
}

function Field({ id, label, error, children }: { id?: string; label: string; error?: string; children: ReactNode }) {
  return (
    <View className={`act-field ${error ? 'act-field--error' : ''}`} id={id ? `act-field-${id}` : undefined}>
      <Text className='act-field__label'>{label}</Text>
      {children}
      {error && <Text className='act-field__error'>{error}</Text>}
    </View>
  )
}

/** Create or edit an activity; the same rules as the server (domain/activity/draft) check it before sending. */
export default function ActivityFormScreen({ activityId }: { activityId?: string }) {
  const [setup, reload] = useCloudData(
    () =>
      Promise.all([
        cloud.user.me(),
        cloud.activity.teams(),
        activityId ? cloud.activity.detail({ activityId }) : Promise.resolve(null),
      ]).then(([me, teams, detail]) => ({
        me,
        teams: teams.items,
        detail,
      })),
    [activityId],
    { refresh: false },
  )
  const [form, setForm] = useState<FormState>(blank)
  const [errors, setErrors] = useState<FieldErrors<ActivityDraftField>>({})
  const [busy, setBusy] = useState(false)
  // One id per form: a retried create returns the activity made the first time.
  const requestId = useMemo(() => `f${Math.random().toString(36).slice(2, 12)}`, [])

  useEffect(() => {
    if (setup.status !== 'ready') return
    const { me, detail } = setup.data
    if (detail) setForm(fromActivity(detail.activity))
    else setForm((current) => ({ ...current, teamId: current.teamId || me.organizerTeams[0] || '' }))
  }, [setup])

  if (setup.status === 'loading') return <Loading />
  if (setup.status === 'error') return <ErrorState message={setup.message} onRetry={reload} />
  const teamIds = setup.data.me.organizerTeams
  const teamName = (id: string) => setup.data.teams.find((team) => team.id === id)?.name ?? id
  const set = (patch: Partial<FormState>) =>
    setForm((current) => {
      const next = { ...current, ...patch }
      // A shown error goes away as soon as its field is right; none appear before the first submit.
      setErrors((shown) => {
        if (Object.keys(shown).length === 0) return shown
        const still = draftProblems(next)
        const kept: FieldErrors<ActivityDraftField> = {}
        for (const key of Object.keys(shown) as ActivityDraftField[]) if (still[key]) kept[key] = still[key]
        return kept
      })
      return next
    })
  const text = (key: keyof FormState) => ({
    value: form[key],
    onInput: (event: { detail: { value: string } }) => set({ [key]: event.detail.value }),
  })
  const dateTime = (dateKey: keyof FormState, timeKey: keyof FormState) => (
    <View className='act-row'>
      <Picker mode='date' value={form[dateKey]} onChange={(event) => set({ [dateKey]: event.detail.value })}>
        <Text className='act-input act-input--picker'>{form[dateKey] || '选择日期'}</Text>
      </Picker>
      <Picker mode='time' value={form[timeKey]} onChange={(event) => set({ [timeKey]: event.detail.value })}>
        <Text className='act-input act-input--picker'>{form[timeKey]}</Text>
      </Picker>
    </View>
  )

  const pickOnMap = () =>
    Taro.chooseLocation({}).then(
      (place) => set({ placeName: form.placeName || place.name, latitude: String(place.latitude), longitude: String(place.longitude) }),
      () => Taro.showToast({ title: '未选择地点，可直接填写经纬度', icon: 'none' }),
    )

  const submit = async (publish: boolean) => {
    const input = toInput(form)
    const found = draftProblems(form)
    setErrors(found)
    const first = FIELD_ORDER.find((field) => field.keys.some((key) => found[key]))
    if (first) {
      // Scrolled to the first problem, which stands next to its field.
      setTimeout(() => Taro.pageScrollTo({ selector: `#act-field-${first.id}`, offsetTop: -60, duration: 200 }).catch(() => undefined), 50)
      return
    }
    setBusy(true)
    try {
      const saved = activityId
        ? await cloud.activity.update({ activityId, ...input })
        : await cloud.activity.create({ teamId: form.teamId, ...input, requestId, publish })
      Taro.showToast({ title: publish ? '已发布' : '已保存', icon: 'success' })
      Taro.redirectTo({ url: `${ACTIVITY_PAGES.detail}?id=${saved.id}` })
    } catch (error) {
      Taro.showModal({ title: '未能保存', content: errorText(error), showCancel: false })
    } finally {
      setBusy(false)
    }
  }

  if (teamIds.length === 0) return <ErrorState message='只有服务队的组织者可以发布活动' />
  return (
    <View className='act act-form'>
      {!activityId && (
        <Field label='服务队'>
          <Picker
            mode='selector'
            range={teamIds.map(teamName)}
            value={Math.max(0, teamIds.indexOf(form.teamId))}
            onChange={(event) => set({ teamId: teamIds[Number(event.detail.value)] })}
          >
            <Text className='act-input act-input--picker'>{teamName(form.teamId)}</Text>
          </Picker>
        </Field>
      )}
      <Field id='title' label='活动标题' error={errors.title}>
        <Input className='act-input act-form__title' maxlength={50} placeholder='2–50 个字' {...text('title')} />
      </Field>
      <Field id='category' label='类别' error={errors.category}>
        <Picker
          mode='selector'
          range={[...ACTIVITY_CATEGORIES]}
          value={Math.max(0, ACTIVITY_CATEGORIES.indexOf(form.category as never))}
          onChange={(event) => set({ category: ACTIVITY_CATEGORIES[Number(event.detail.value)] })}
        >
          <Text className='act-input act-input--picker'>{form.category}</Text>
        </Picker>
      </Field>
      <Field label='封面'>
        <PicturePicker kind='covers' preview={form.coverUrl} onChange={(cover, coverUrl) => set({ cover, coverUrl })}>
          <ActivityCover category={form.category} variant='banner' />
        </PicturePicker>
      </Field>
      <Field id='location' label='地点' error={errors['location.name'] ?? errors['location.latitude'] ?? errors['location.longitude']}>
        <Input className='act-input' placeholder='如：地铁3号线 青岛站' {...text('placeName')} />
        <View className='act-row'>
          <Text className='act-field__hint'>纬度</Text>
          <Input className='act-input act-input--half' type='digit' {...text('latitude')} />
          <Text className='act-field__hint'>经度</Text>
          <Input className='act-input act-input--half' type='digit' {...text('longitude')} />
        </View>
        <Text className='act-link' onClick={pickOnMap}>
          在地图上选点
        </Text>
      </Field>
      <Field id='startAt' label='开始' error={errors.startAt}>
        {dateTime('startDate', 'startTime')}
      </Field>
      <Field id='endAt' label='结束' error={errors.endAt}>
        {dateTime('endDate', 'endTime')}
      </Field>
      <Field id='signupDeadline' label='报名截止' error={errors.signupDeadline}>
        {dateTime('deadlineDate', 'deadlineTime')}
      </Field>
      <Field id='capacity' label='招募人数' error={errors.capacity}>
        <Input className='act-input act-form__capacity' type='number' {...text('capacity')} />
      </Field>
      <Field id='hours' label='服务时长（小时，0.5 的倍数）' error={errors.hours}>
        <Input className='act-input' type='digit' {...text('hours')} />
      </Field>
      <Field id='points' label='积分' error={errors.points}>
        <Input className='act-input' type='number' {...text('points')} />
      </Field>
      <Field id='description' label='活动介绍' error={errors.description}>
        <Textarea className='act-input act-input--area' maxlength={5000} {...text('description')} />
      </Field>
      <View className='act-row'>
        {!activityId && (
          <Button className='act-button act-button--ghost act-form__draft' disabled={busy} onClick={() => submit(false)}>
            存为草稿
          </Button>
        )}
        <Button className='act-button act-form__submit' disabled={busy} onClick={() => submit(!activityId)}>
          {activityId ? '保存修改' : '发布活动'}
        </Button>
      </View>
    </View>
  )
}
