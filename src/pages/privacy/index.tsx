import { Text, View } from '@tarojs/components'
import './index.scss'

/** What we collect and why; the counseling consent is separate and shown at booking. */
const sections = [
  {
    title: '我们收集的信息',
    body: '姓名、手机号、工作单位：用于志愿活动报名、签到和服务时长认定。借阅记录：用于借还书和计算费用。心理咨询预约信息：仅对您和您的咨询师可见。',
  },
  { title: '我们如何使用', body: '仅用于提供上述服务；不向第三方出售或提供。管理员只能看到不含姓名的统计数字。' },
  { title: '您的权利', body: '您可以在「我的」中修改资料、隐藏阅读排行，并导出或删除您的心理咨询数据。' },
]

export default function PrivacyPage() {
  return (
    <View className='privacy'>
      {sections.map((section) => (
        <View key={section.title} className='privacy__section'>
          <Text className='privacy__title'>{section.title}</Text>
          <Text className='privacy__body'>{section.body}</Text>
        </View>
      ))}
    </View>
  )
}
