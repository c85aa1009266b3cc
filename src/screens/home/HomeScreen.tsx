import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import './HomeScreen.scss'

const services = [
  { key: 'activity', title: '活动报名', hint: '志愿服务 · 积累时长', url: '/packages/activity/pages/list/index' },
  { key: 'bookcase', title: '智能书柜', hint: '扫码借书 · 通借通还', url: '/packages/bookcase/pages/cabinet/index' },
  { key: 'counseling', title: '心理咨询', hint: '预约咨询师 · 保护隐私', url: '/packages/counseling/pages/counselors/index' },
] as const

export default function HomeScreen() {
  return (
    <View className='home'>
      <View className='home__banner'>
        <Text className='home__greeting'>职工服务</Text>
        <Text className='home__sub'>志愿活动 · 职工书柜 · 心理咨询</Text>
      </View>
      <View className='home__services'>
        {services.map((service) => (
          <View
            key={service.key}
            className={`home__service home__service--${service.key}`}
            onClick={() => Taro.navigateTo({ url: service.url })}
          >
            <Text className='home__service-title'>{service.title}</Text>
            <Text className='home__service-hint'>{service.hint}</Text>
          </View>
        ))}
      </View>
    </View>
  )
}
