import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Input, Text, Textarea, View } from '@tarojs/components'
import type { SessionMode } from '@domain/counseling'
import { COUNSELING_TOPICS } from '@domain/counseling/consent'
import { ErrorState, Loading } from '../../components/StateView'
import { CounselorPhoto, PicturePicker } from '../../components/Media'
import { CloudError, cloud, errorText } from '../../services/cloud'
import type { Input as ActionInput } from '../../../functions/contract'
import HotlineBanner from './HotlineBanner'
import { modeLabel } from './format'
import './counseling.scss'

type ProfileForm = ActionInput<'counseling', 'updateProfile'>

const MODES: SessionMode[] = ['online', 'in_person']
const SPECIALTIES = COUNSELING_TOPICS.filter((topic) => topic !== '其他')

const toggle = <T,>(list: T[], item: T) => (list.includes(item) ? list.filter((x) => x !== item) : [...list, item])

/** The counselor's own public profile: what workers see before they book. */
export default function CounselorProfileScreen() {
  const [form, setForm] = useState<ProfileForm>()
  const [photoUrl, setPhotoUrl] = useState<string | null>(null)
  const [loadError, setLoadError] = useState('')
  const [error, setError] = useState('')
  const [saving, setSaving] = useState(false)

  const load = () => {
    setLoadError('')
    cloud.user.me().then(
      async (me) => {
        if (!me.counselorId) return setLoadError('仅限咨询师使用')
        const blank: ProfileForm = {
          name: me.profile?.realName ?? '',
          title: '',
          specialties: [],
          introduction: '',
          modes: ['in_person'],
          place: '',
        }
        try {
          const c = await cloud.counseling.counselor({ counselorId: me.counselorId })
          setForm({
            name: c.name,
            title: c.title,
            specialties: c.specialties,
            introduction: c.introduction,
            modes: c.modes,
            place: c.place ?? '',
          })
          setPhotoUrl(c.photoUrl ?? null)
        } catch (failure) {
          // A counselor whose profile does not exist yet starts from a blank form.
          if (failure instanceof CloudError && failure.code === 'NOT_FOUND') setForm(blank)
          else setLoadError(errorText(failure))
        }
      },
      (failure) => setLoadError(errorText(failure)),
    )
  }
  useEffect(load, [])

  if (loadError) return <ErrorState message={loadError} onRetry={load} />
  if (!form) return <Loading />
  const set = <K extends keyof ProfileForm>(key: K, value: ProfileForm[K]) => setForm({ ...form, [key]: value })

  const save = async () => {
    setError('')
    setSaving(true)
    try {
      await cloud.counseling.updateProfile({ ...form, place: form.place?.trim() || undefined })
      Taro.showToast({ title: '已保存', icon: 'success' })
    } catch (failure) {
      setError(errorText(failure))
    } finally {
      setSaving(false)
    }
  }

  return (
    <View className='calm'>
      <View className='card'>
        <Text className='field__label'>照片（预约的职工会看到）</Text>
        <PicturePicker kind='photos' preview={photoUrl} onChange={(photo) => set('photo', photo)}>
          <CounselorPhoto name={form.name} variant='large' />
        </PicturePicker>
        <Text className='field__label'>姓名</Text>
        <Input className='field__input' value={form.name} maxlength={20} onInput={(e) => set('name', e.detail.value)} />
        <Text className='field__label'>职称</Text>
        <Input
          className='field__input'
          value={form.title}
          maxlength={30}
          placeholder='如：国家二级心理咨询师'
          onInput={(e) => set('title', e.detail.value)}
        />
        <Text className='field__label'>擅长领域</Text>
        <View className='chips'>
          {SPECIALTIES.map((s) => (
            <Text
              key={s}
              className={`chip ${form.specialties.includes(s) ? 'chip--active' : ''}`}
              onClick={() => set('specialties', toggle(form.specialties, s))}
            >
              {s}
            </Text>
          ))}
        </View>
        <Text className='field__label'>咨询方式</Text>
        <View className='chips'>
          {MODES.map((m) => (
            <Text
              key={m}
              className={`chip ${form.modes.includes(m) ? 'chip--active' : ''}`}
              onClick={() => set('modes', toggle(form.modes, m))}
            >
              {modeLabel(m)}
            </Text>
          ))}
        </View>
        <Text className='field__label'>面询地点</Text>
        <Input className='field__input' value={form.place} maxlength={60} onInput={(e) => set('place', e.detail.value)} />
        <Text className='field__label'>个人介绍</Text>
        <Textarea
          className='field__textarea'
          value={form.introduction}
          maxlength={500}
          onInput={(e) => set('introduction', e.detail.value)}
        />
      </View>
      {error && <Text className='field__error'>{error}</Text>}
      <Button className='calm__button' loading={saving} disabled={saving} onClick={save}>
        保存
      </Button>
      <HotlineBanner />
    </View>
  )
}
