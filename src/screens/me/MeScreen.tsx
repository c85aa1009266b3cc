import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Switch, Text, View } from '@tarojs/components'
import { ErrorState, Loading } from '../../components/StateView'
import { useCloudData } from '../../hooks/useCloudData'
import { showUnreadBadge } from '../../services/messages'
import { userApi, type Me } from '../../services/user'
import { isLocalMode, personas, currentPersona, setPersona } from '../../services/persona'
import './MeScreen.scss'

const roleLabels = { admin: '管理员', organizer: '组织者', counselor: '咨询师' } as const

function maskPhone(phone: string): string {
  return phone.replace(/^(\d{3})\d{4}(\d{4})$/, '$1****$2')
}

const everyoneMenu = [
  { title: '我的活动', url: '/packages/activity/pages/mine/index' },
  { title: '志愿者证 · 排行榜', url: '/packages/activity/pages/card/index' },
  { title: '我的借阅', url: '/packages/bookcase/pages/loans/index' },
  { title: '借书押金', url: '/packages/bookcase/pages/deposit/index' },
  { title: '我的咨询预约', url: '/packages/counseling/pages/my-bookings/index' },
]

const roleMenus: Record<keyof typeof roleLabels, { title: string; url: string }[]> = {
  organizer: [{ title: '发布活动', url: '/packages/activity/pages/form/index' }],
  counselor: [
    { title: '咨询师工作台', url: '/packages/counseling/pages/counselor-bookings/index' },
    { title: '可预约时间', url: '/packages/counseling/pages/availability/index' },
  ],
  admin: [{ title: '管理后台', url: '/packages/admin/pages/index/index' }],
}

function menuFor(roles: Me['roles']) {
  return [...everyoneMenu, ...roles.flatMap((role) => roleMenus[role])]
}

export default function MeScreen() {
  const [state, reload] = useCloudData(userApi.me)
  const [hideFromBoard, setHideFromBoard] = useState(false)

  useEffect(() => {
    if (state.status !== 'ready') return
    setHideFromBoard(Boolean(state.data.settings.hideFromReadingBoard))
    showUnreadBadge(state.data.unreadMessages)
  }, [state])

  const changeHideFromBoard = async (hide: boolean) => {
    setHideFromBoard(hide)
    try {
      await userApi.updateSettings({ hideFromReadingBoard: hide })
    } catch {
      setHideFromBoard(!hide)
      Taro.showToast({ title: '设置未保存，请重试', icon: 'none' })
    }
  }

  if (state.status === 'loading') return <Loading />
  if (state.status === 'error') return <ErrorState message={state.message} onRetry={reload} />
  const me = state.data

  return (
    <View className='me'>
      <View className='me__card' onClick={() => Taro.navigateTo({ url: '/pages/profile/index' })}>
        {me.profile ? (
          <View className='me__profile'>
            <Text className='me__name'>{me.profile.realName}</Text>
            <Text className='me__line'>
              {maskPhone(me.profile.phone)} · {me.profile.workUnit}
            </Text>
          </View>
        ) : (
          <View className='me__profile'>
            <Text className='me__name'>未完善资料</Text>
            <Text className='me__line'>报名志愿活动需要姓名、手机号和工作单位，点此填写</Text>
          </View>
        )}
        <View className='me__stats'>
          <View className='me__stat'>
            <Text className='me__stat-value'>{me.volunteer.hours}</Text>
            <Text className='me__stat-label'>服务时长（小时）</Text>
          </View>
          <View className='me__stat'>
            <Text className='me__stat-value'>{me.volunteer.points}</Text>
            <Text className='me__stat-label'>积分</Text>
          </View>
          <View className='me__stat'>
            <Text className='me__stat-value'>{me.volunteer.activities}</Text>
            <Text className='me__stat-label'>参加活动</Text>
          </View>
        </View>
        {me.roles.length > 0 && (
          <View className='me__roles'>
            {me.roles.map((role) => (
              <Text key={role} className='me__role'>
                {roleLabels[role]}
              </Text>
            ))}
          </View>
        )}
      </View>

      <View className='me__menu'>
        {menuFor(me.roles).map((item) => (
          <View key={item.url} className='me__item' onClick={() => Taro.navigateTo({ url: item.url })}>
            <Text>{item.title}</Text>
          </View>
        ))}
        <View className='me__item me__item--messages' onClick={() => Taro.navigateTo({ url: '/pages/messages/index' })}>
          <Text>消息</Text>
          {me.unreadMessages > 0 && <Text className='me__badge'>{me.unreadMessages}</Text>}
        </View>
        <View className='me__item'>
          <Text>不在阅读之星排行中显示我</Text>
          <Switch
            className='me__switch'
            checked={hideFromBoard}
            color='#c8102e'
            onChange={(event) => changeHideFromBoard(event.detail.value)}
          />
        </View>
        <View className='me__item' onClick={() => Taro.navigateTo({ url: '/pages/privacy/index' })}>
          <Text>隐私政策</Text>
        </View>
        <View className='me__item' onClick={() => Taro.navigateTo({ url: '/pages/about/index' })}>
          <Text>关于</Text>
        </View>
      </View>

      {isLocalMode && (
        <View className='me__personas'>
          <Text className='me__personas-title'>本地演示：切换身份</Text>
          {personas.map((persona) => (
            <Text
              key={persona.openid}
              className={`me__persona ${persona.openid === currentPersona() ? 'me__persona--current' : ''}`}
              onClick={() => {
                setPersona(persona.openid)
                reload()
              }}
            >
              {persona.label}
            </Text>
          ))}
        </View>
      )}
    </View>
  )
}
