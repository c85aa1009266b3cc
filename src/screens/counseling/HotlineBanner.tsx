import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { CRISIS_HOTLINE, CRISIS_MESSAGE } from '@domain/counseling'
import './counseling.scss'

/**
 * The national psychological assistance hotline, on every counseling screen. `urgent` is the
 * crisis form of it: shown at once when the intake contains words signalling risk.
 */
export default function HotlineBanner({ urgent = false }: { urgent?: boolean }) {
  const call = () => Taro.makePhoneCall({ phoneNumber: CRISIS_HOTLINE }).catch(() => undefined)
  if (urgent)
    return (
      <View className='hotline hotline--urgent' onClick={call}>
        <Text className='hotline__title'>您并不孤单，我们在这里</Text>
        <Text className='hotline__text'>{CRISIS_MESSAGE}</Text>
        <Text className='hotline__call'>点击拨打 {CRISIS_HOTLINE}</Text>
      </View>
    )
  return (
    <View className='hotline' onClick={call}>
      <Text className='hotline__text'>需要即时帮助？全国心理援助热线 </Text>
      <Text className='hotline__number'>{CRISIS_HOTLINE}</Text>
    </View>
  )
}
