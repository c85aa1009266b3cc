import { useEffect, useState, type ComponentType, type ReactNode } from 'react'
import Taro from '@tarojs/taro'
import { Switch, Text, View } from '@tarojs/components'
import Order from '@nutui/icons-react-taro/dist/es/icons/Order.js'
import ShieldCheck from '@nutui/icons-react-taro/dist/es/icons/ShieldCheck.js'
import Articles from '@nutui/icons-react-taro/dist/es/icons/Articles.js'
import Wallet from '@nutui/icons-react-taro/dist/es/icons/Wallet.js'
import Comment from '@nutui/icons-react-taro/dist/es/icons/Comment.js'
import Edit from '@nutui/icons-react-taro/dist/es/icons/Edit.js'
import Service from '@nutui/icons-react-taro/dist/es/icons/Service.js'
import Clock from '@nutui/icons-react-taro/dist/es/icons/Clock.js'
import Setting from '@nutui/icons-react-taro/dist/es/icons/Setting.js'
import Message from '@nutui/icons-react-taro/dist/es/icons/Message.js'
import Tips from '@nutui/icons-react-taro/dist/es/icons/Tips.js'
import Eye from '@nutui/icons-react-taro/dist/es/icons/Eye.js'
import { ErrorState, Loading } from '../../components/StateView'
import CareModeSwitch, { CareModeIcon } from '../../components/CareModeSwitch'
import { Chevron, Icon, type NutIconProps } from '../../components/Icon'
import { useCloudData } from '../../hooks/useCloudData'
import { showUnreadBadge } from '../../services/messages'
import { cloud } from '../../services/cloud'
import type { Answer } from '../../../functions/contract'
import { isLocalMode, personas, currentPersona, setPersona } from '../../services/persona'
import './MeScreen.scss'

const roleLabels = { admin: '管理员', organizer: '组织者', counselor: '咨询师' } as const

function maskPhone(phone: string): string {
  return phone.replace(/^(\d{3})\d{4}(\d{4})$/, '$1****$2')
}

interface MenuItem {
  title: string
  url: string
  icon: ComponentType<NutIconProps>
}

const everyoneMenu: MenuItem[] = [
  { title: '我的活动', url: '/packages/activity/pages/mine/index', icon: Order },
  { title: '志愿者证 · 排行榜', url: '/packages/activity/pages/card/index', icon: ShieldCheck },
  { title: '我的借阅', url: '/packages/bookcase/pages/loans/index', icon: Articles },
  { title: '借书押金', url: '/packages/bookcase/pages/deposit/index', icon: Wallet },
  { title: '我的咨询预约', url: '/packages/counseling/pages/my-bookings/index', icon: Comment },
]

const roleMenus: Record<keyof typeof roleLabels, MenuItem[]> = {
  organizer: [
    { title: '发布活动', url: '/packages/activity/pages/form/index', icon: Edit },
    { title: '核验志愿者证', url: '/packages/activity/pages/verify/index', icon: ShieldCheck },
  ],
  counselor: [
    { title: '咨询师工作台', url: '/packages/counseling/pages/counselor-bookings/index', icon: Service },
    { title: '可预约时间', url: '/packages/counseling/pages/availability/index', icon: Clock },
  ],
  admin: [{ title: '管理后台', url: '/packages/admin/pages/index/index', icon: Setting }],
}

/** A WeUI list cell: icon, title, whatever the cell shows at its end, a chevron when it opens a page. */
function Cell({ icon, title, url, end }: { icon: ComponentType<NutIconProps>; title: string; url?: string; end?: ReactNode }) {
  return (
    <View className='me__item' onClick={url ? () => Taro.navigateTo({ url }) : undefined}>
      <Icon of={icon} label='' size={20} className='me__item-icon' />
      <Text className='me__item-title'>{title}</Text>
      {end}
      {url && <Icon of={Chevron} label='打开' size={14} className='me__chevron' />}
    </View>
  )
}

function menuFor(roles: Answer<'user', 'me'>['roles']) {
  return [...everyoneMenu, ...roles.flatMap((role) => roleMenus[role])]
}

export default function MeScreen() {
  const [state, reload] = useCloudData(() => cloud.user.me())
  const [hideFromBoard, setHideFromBoard] = useState(false)

  useEffect(() => {
    if (state.status !== 'ready') return
    setHideFromBoard(Boolean(state.data.settings.hideFromReadingBoard))
    showUnreadBadge(state.data.unreadMessages)
  }, [state])

  const changeHideFromBoard = async (hide: boolean) => {
    setHideFromBoard(hide)
    try {
      await cloud.user.updateSettings({ hideFromReadingBoard: hide })
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
          <Cell key={item.url} icon={item.icon} title={item.title} url={item.url} />
        ))}
        <Cell
          icon={Message}
          title='消息'
          url='/pages/messages/index'
          end={me.unreadMessages > 0 && <Text className='me__badge'>{me.unreadMessages}</Text>}
        />
      </View>

      <View className='me__menu'>
        <Cell icon={CareModeIcon} title='关怀模式' end={<CareModeSwitch />} />
        <Cell
          icon={Eye}
          title='不在阅读之星排行中显示我'
          end={
            <Switch
              className='me__switch'
              checked={hideFromBoard}
              color='#07a35a'
              onChange={(event) => changeHideFromBoard(event.detail.value)}
            />
          }
        />
        <Cell icon={ShieldCheck} title='隐私政策' url='/pages/privacy/index' />
        <Cell icon={Tips} title='关于' url='/pages/about/index' />
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
