import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { CRISIS_HOTLINE, CRISIS_MESSAGE } from '@domain/counseling'
import './counseling.scss'

const call = () => Taro.makePhoneCall({ phoneNumber: CRISIS_HOTLINE }).catch(() => undefined)

/**
 * The national psychological assistance hotline, on every counseling screen. `urgent` is the
 * crisis form of it: shown at once when the intake contains words signalling risk. `pinned` keeps
 * it fixed at the top of the screen, so a person typing far down the form sees it without scrolling.
 */
export default function HotlineBanner({ urgent = false, pinned = false }: { urgent?: boolean; pinned?: boolean }) {
  if (urgent)
    return (
      <View className={`hotline hotline--urgent ${pinned ? 'hotline--pinned' : ''}`} onClick={call}>
        <Text className='hotline__title'>您并不孤单，我们在这里</Text>
        <Text className='hotline__text'>
          {pinned ? `如有伤害自己的想法，请立即拨打全国心理援助热线，或拨打 120 / 110。` : CRISIS_MESSAGE}
        </Text>
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
