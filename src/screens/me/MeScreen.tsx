import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { ErrorState, Loading } from '../../components/StateView'
import { useCloudData } from '../../hooks/useCloudData'
import { userApi } from '../../services/user'
import { isLocalMode, personas, currentPersona, setPersona } from '../../services/persona'
import './MeScreen.scss'

const roleLabels = { admin: '管理员', organizer: '组织者', counselor: '咨询师' } as const

function maskPhone(phone: string): string {
  return phone.replace(/^(\d{3})\d{4}(\d{4})$/, '$1****$2')
}

export default function MeScreen() {
  const [state, reload] = useCloudData(userApi.me)

  if (state.status === 'loading') return <Loading />
  if (state.status === 'error') return <ErrorState message={state.message} onRetry={reload} />
  const me = state.data

  return (
    <View className='me'>
      <View className='me__card'>
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
            <Text className='me__line'>报名志愿活动需要姓名、手机号和工作单位</Text>
          </View>
        )}
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
        {me.roles.includes('admin') && (
          <View className='me__item' onClick={() => Taro.navigateTo({ url: '/packages/admin/pages/index/index' })}>
            <Text>管理后台</Text>
          </View>
        )}
        <View className='me__item' onClick={() => Taro.navigateTo({ url: '/pages/privacy/index' })}>
          <Text>隐私政策</Text>
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
