import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Input, Text, Textarea, View } from '@tarojs/components'
import { detectCrisis, intakeLimits, validateIntake, type Intake, type SessionMode } from '@domain/counseling'
import { CONSENT_TEXT, CONSENT_VERSION, COUNSELING_TOPICS } from '@domain/counseling/consent'
import { errorMessages } from '@domain/errors'
import PrivacyPopup from '../../components/PrivacyPopup'
import { ErrorState, Loading } from '../../components/StateView'
import { useCloudData } from '../../hooks/useCloudData'
import { cloud, errorText } from '../../services/cloud'
import { ensurePrivacyConsent } from '../../services/privacy'
import { requestSubscriptions } from '../../services/subscriptions'
import HotlineBanner from './HotlineBanner'
import { PAGES, modeLabel, sessionTime, slotLabel, type MyBooking } from './format'
import './counseling.scss'

type Form = Omit<Intake, 'mode'> & { mode?: SessionMode; consent: boolean }
type Errors = Partial<Record<keyof Form, string>>
/** The fields in the order they stand on the screen. */
const FIELD_ORDER: (keyof Form)[] = ['mode', 'topic', 'description', 'nickname', 'phone', 'consent']

/**
 * The intake: mode, topic, short description, optional nickname, phone, and the separate consent to
 * sensitive personal information. Risk words show the 12356 hotline at once, before any submit.
 */
export default function BookingFormScreen({ counselorId, start }: { counselorId: string; start: number }) {
  const [state, reload] = useCloudData(() => cloud.counseling.counselor({ counselorId }), [counselorId], { refresh: false })
  const [form, setForm] = useState<Form>({ topic: '', description: '', nickname: '', phone: '', consent: false })
  const [errors, setErrors] = useState<Errors>({})
  const [serverError, setServerError] = useState('')
  const [saving, setSaving] = useState(false)
  const [booked, setBooked] = useState<MyBooking>()
  const crisis = detectCrisis(form.topic, form.description).urgent

  if (state.status === 'loading') return <Loading />
  if (state.status === 'error') return <ErrorState message={state.message} onRetry={reload} />
  const counselor = state.data
  const problems = (next: Form): Errors => {
    const found: Errors = validateIntake(next, counselor.modes)
    if (!next.consent) found.consent = errorMessages.CONSENT_REQUIRED
    return found
  }
  const set = <K extends keyof Form>(key: K, value: Form[K]) =>
    setForm((current) => {
      const next = { ...current, [key]: value }
      // An error shown goes away as soon as its field is fixed (and none is shown before a submit).
      setErrors((shown) => {
        if (!shown[key] || problems(next)[key]) return shown
        const kept = { ...shown }
        delete kept[key]
        return kept
      })
      return next
    })

  const submit = async () => {
    const found = problems(form)
    setErrors(found)
    setServerError('')
    const first = FIELD_ORDER.find((field) => found[field])
    if (first) {
      // The first problem is scrolled into view, next to its field.
      setTimeout(() => Taro.pageScrollTo({ selector: `#field-${first}`, offsetTop: -80, duration: 200 }).catch(() => undefined), 50)
      return
    }
    if (!form.mode) return
    // Still inside the tap (WeChat allows the request nowhere else): the confirmation and reminder messages.
    void requestSubscriptions('booking')
    // The mini-program's privacy agreement comes before any personal data leaves the phone.
    if (!(await ensurePrivacyConsent())) {
      setServerError('需要先同意隐私保护指引才能提交预约')
      return
    }
    setSaving(true)
    try {
      setBooked(
        await cloud.counseling.book({
          counselorId,
          start,
          mode: form.mode,
          topic: form.topic.trim(),
          description: form.description.trim(),
          nickname: form.nickname?.trim() || undefined,
          phone: form.phone.trim(),
          consent: { version: CONSENT_VERSION },
        }),
      )
    } catch (error) {
      setServerError(errorText(error))
    } finally {
      setSaving(false)
    }
  }

  if (booked)
    return (
      <View className='calm'>
        {booked.urgent && <HotlineBanner urgent />}
        <View className='card booking-done'>
          <Text className='card__title'>预约已提交</Text>
          <Text className='card__line'>
            {counselor.name} · {sessionTime(booked.start, booked.end)} · {modeLabel(booked.mode)}
          </Text>
          <Text className='card__accent'>{booked.statusLabel}：咨询师确认后会通知您</Text>
          <Button className='calm__button' onClick={() => Taro.redirectTo({ url: PAGES.myBookings })}>
            查看我的预约
          </Button>
        </View>
        {!booked.urgent && <HotlineBanner />}
      </View>
    )

  return (
    <View className={`calm booking-form ${crisis ? 'booking-form--crisis' : ''}`}>
      {crisis && <HotlineBanner urgent pinned />}
      <View className='card'>
        <Text className='card__title'>{counselor.name}</Text>
        <Text className='card__line'>{slotLabel(start)} 开始，50 分钟</Text>
      </View>
      <View className='card'>
        <Text className='field__label' id='field-mode'>
          咨询方式
        </Text>
        <View className='chips'>
          {counselor.modes.map((m) => (
            <Text key={m} className={`chip chip--mode-${m} ${form.mode === m ? 'chip--active' : ''}`} onClick={() => set('mode', m)}>
              {modeLabel(m)}
            </Text>
          ))}
        </View>
        {errors.mode && <Text className='field__error field__error--mode'>{errors.mode}</Text>}

        <Text className='field__label' id='field-topic'>
          咨询主题
        </Text>
        <View className='chips'>
          {COUNSELING_TOPICS.map((topic) => (
            <Text key={topic} className={`chip ${form.topic === topic ? 'chip--active' : ''}`} onClick={() => set('topic', topic)}>
              {topic}
            </Text>
          ))}
        </View>
        {errors.topic && <Text className='field__error field__error--topic'>{errors.topic}</Text>}

        <Text className='field__label' id='field-description'>
          简要描述（选填）
        </Text>
        <Textarea
          className='field__textarea field__description'
          value={form.description}
          maxlength={intakeLimits.descriptionMax}
          placeholder='想聊些什么？写几句即可，仅咨询师可见'
          onInput={(event) => set('description', event.detail.value)}
        />
        {errors.description && <Text className='field__error field__error--description'>{errors.description}</Text>}

        <Text className='field__label' id='field-nickname'>
          称呼（选填，可用昵称保持匿名）
        </Text>
        <Input
          className='field__input field__nickname'
          value={form.nickname}
          maxlength={intakeLimits.nicknameMax}
          placeholder='如：小鱼'
          onInput={(event) => set('nickname', event.detail.value)}
        />
        {errors.nickname && <Text className='field__error field__error--nickname'>{errors.nickname}</Text>}

        <Text className='field__label' id='field-phone'>
          联系电话
        </Text>
        <Input
          className={`field__input field__phone ${errors.phone ? 'field__input--error' : ''}`}
          type='number'
          value={form.phone}
          maxlength={11}
          placeholder='11 位手机号'
          onInput={(event) => set('phone', event.detail.value)}
        />
        {errors.phone && <Text className='field__error field__error--phone'>{errors.phone}</Text>}
      </View>

      <View
        id='field-consent'
        className={`card consent ${form.consent ? 'consent--checked' : ''}`}
        onClick={() => set('consent', !form.consent)}
      >
        <View className='consent__row'>
          <Text className='consent__box'>{form.consent ? '✓' : ''}</Text>
          <Text className='consent__label'>我已阅读并单独同意处理以下敏感个人信息</Text>
        </View>
        <Text className='consent__text'>{CONSENT_TEXT}</Text>
      </View>
      {errors.consent && <Text className='field__error field__error--consent'>{errors.consent}</Text>}
      {serverError && <Text className='field__error field__error--server'>{serverError}</Text>}
      <Button className='calm__button booking-form__submit' loading={saving} disabled={saving} onClick={submit}>
        提交预约
      </Button>
      {!crisis && <HotlineBanner />}
      <PrivacyPopup />
    </View>
  )
}
