import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Input, Text, View, type ButtonProps, type CommonEventFunction } from '@tarojs/components'
import { normalizeProfile, validateProfile, type Profile, type ProfileErrors } from '@domain/profile'
import PrivacyPopup from '../../components/PrivacyPopup'
import { Loading } from '../../components/StateView'
import { cloud, errorText } from '../../services/cloud'
import { ensurePrivacyConsent } from '../../services/privacy'
import './ProfileScreen.scss'

const fields: { key: keyof Profile; label: string; placeholder: string; type: 'text' | 'number' }[] = [
  { key: 'realName', label: '姓名', placeholder: '真实姓名', type: 'text' },
  { key: 'phone', label: '手机号', placeholder: '11 位手机号', type: 'number' },
  { key: 'workUnit', label: '工作单位', placeholder: '如：青岛地铁运营分公司', type: 'text' },
]

type Consent = 'asking' | 'agreed' | 'refused'

/** WeChat hands out the bound phone only on weapp; on H5 the phone is typed. */
const canUseWeChatPhone = process.env.TARO_ENV === 'weapp'

/** Real name, phone and work unit: needed to sign up as a volunteer. Validated as the server does. */
export default function ProfileScreen() {
  const [consent, setConsent] = useState<Consent>('asking')
  const [form, setForm] = useState<Profile>({ realName: '', phone: '', workUnit: '' })
  const [errors, setErrors] = useState<ProfileErrors>({})
  const [serverError, setServerError] = useState('')
  const [saving, setSaving] = useState(false)

  const askConsent = () => {
    setConsent('asking')
    ensurePrivacyConsent().then((agreed) => setConsent(agreed ? 'agreed' : 'refused'))
  }

  useEffect(() => {
    askConsent()
    cloud.user.me().then(
      (me) => me.profile && setForm(me.profile),
      () => undefined,
    )
  }, [])

  const fillPhoneFromWeChat: CommonEventFunction<ButtonProps.onGetPhoneNumberEventDetail> = async (event) => {
    // No code when the person declines in WeChat's sheet: they can still type the phone.
    const { code } = event.detail
    if (!code) return
    try {
      const { phone } = await cloud.user.phoneFromCode({ code })
      setForm((current) => ({ ...current, phone }))
      setErrors(({ phone: _resolved, ...others }) => others)
    } catch (error) {
      setErrors((current) => ({ ...current, phone: errorText(error) }))
    }
  }

  const change = (key: keyof Profile, value: string) => {
    const next = { ...form, [key]: value }
    setForm(next)
    // A shown error goes away as soon as the field is right.
    if (errors[key] && !validateProfile(normalizeProfile(next))[key]) setErrors(({ [key]: _fixed, ...others }) => others)
  }

  const submit = async () => {
    const profile = normalizeProfile(form)
    const found = validateProfile(profile)
    setErrors(found)
    setServerError('')
    const first = fields.find((field) => found[field.key])
    if (first) {
      setTimeout(() => Taro.pageScrollTo({ selector: `#profile-${first.key}`, offsetTop: -80, duration: 200 }).catch(() => undefined), 50)
      return
    }
    setSaving(true)
    try {
      await cloud.user.updateProfile(profile)
      Taro.showToast({ title: '已保存', icon: 'success' })
      setTimeout(() => Taro.navigateBack().catch(() => Taro.switchTab({ url: '/pages/me/index' })), 600)
    } catch (error) {
      setServerError(errorText(error))
    } finally {
      setSaving(false)
    }
  }

  if (consent === 'asking')
    return (
      <View>
        <Loading text='请先阅读隐私保护指引' />
        <PrivacyPopup />
      </View>
    )
  if (consent === 'refused')
    // Not a dead end (PRODUCT.md): browsing goes on; the person is asked again when they want to fill this in.
    return (
      <View className='profile profile--refused'>
        <View className='profile__refused'>
          <Text className='profile__refused-title'>您暂未同意隐私保护指引</Text>
          <Text className='profile__refused-text'>
            不影响浏览活动、书柜和咨询师。报名、借书和预约需要您的姓名、手机号等信息，同意隐私保护指引后才能填写。
          </Text>
          <Button className='profile__submit profile__ask-again' onClick={askConsent}>
            阅读并同意
          </Button>
          <Button className='profile__later' onClick={() => Taro.navigateBack().catch(() => Taro.switchTab({ url: '/pages/home/index' }))}>
            暂不填写，先去看看
          </Button>
        </View>
        <PrivacyPopup />
      </View>
    )

  return (
    <View className='profile'>
      {fields.map((field) => (
        <View key={field.key} id={`profile-${field.key}`} className='profile__field'>
          <Text className='profile__label'>{field.label}</Text>
          <Input
            className={`profile__input profile__input--${field.key}`}
            type={field.type}
            value={form[field.key]}
            placeholder={field.placeholder}
            maxlength={field.key === 'phone' ? 11 : 50}
            onInput={(event) => change(field.key, event.detail.value)}
          />
          {field.key === 'phone' && canUseWeChatPhone && (
            <Button className='profile__wechat-phone' size='mini' openType='getPhoneNumber' onGetPhoneNumber={fillPhoneFromWeChat}>
              使用微信绑定的手机号
            </Button>
          )}
          {errors[field.key] && <Text className='profile__error'>{errors[field.key]}</Text>}
        </View>
      ))}
      {serverError && <Text className='profile__error profile__error--server'>{serverError}</Text>}
      <Button className='profile__submit' loading={saving} disabled={saving} onClick={submit}>
        保存
      </Button>
      <PrivacyPopup />
    </View>
  )
}
