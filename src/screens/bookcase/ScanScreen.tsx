import Taro from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { cabinetIdFrom } from '../../services/bookcase'
import { isLocalMode } from '../../services/persona'
import './bookcase.scss'
import ListCell from '../../components/ListCell'

const CABINET_PAGE = '/packages/bookcase/pages/cabinet/index'

const links = [
  { title: '附近书柜', url: '/packages/bookcase/pages/finder/index' },
  { title: '我的借阅', url: '/packages/bookcase/pages/loans/index' },
  { title: '借书押金', url: '/packages/bookcase/pages/deposit/index' },
  { title: '阅读之星', url: '/packages/bookcase/pages/leaderboard/index' },
]

function goToCabinet(cabinetId: string) {
  Taro.redirectTo({ url: `${CABINET_PAGE}?cabinetId=${cabinetId}` })
}

/** The bookcase's entry: scan the code on a cabinet (or open its QR link, which lands on the cabinet page). */
export default function ScanScreen() {
  const scan = async () => {
    try {
      const result = await Taro.scanCode({ scanType: ['qrCode', 'wxCode'] } as Taro.scanCode.Option)
      const cabinetId = cabinetIdFrom(result.path || result.result)
      if (cabinetId) goToCabinet(cabinetId)
      else Taro.showToast({ title: '这不是职工书柜的二维码', icon: 'none' })
    } catch {
      // Cancelled: nothing to do.
    }
  }
  return (
    <View className='bookcase'>
      <View className='bookcase__scan'>
        <Text className='bookcase__title'>智能职工书柜</Text>
        <Text className='bookcase__hint'>扫描书柜上的二维码，缴纳押金 45 元后即可借书；15 天内免费，之后每天 1 元；任一书柜均可还书。</Text>
        <Button className='bookcase__primary' onClick={scan}>
          扫码借书 / 还书
        </Button>
      </View>
      {isLocalMode && (
        <View className='bookcase__demo'>
          <Text className='bookcase__hint'>本地演示：直接打开书柜</Text>
          {['cabinet-1', 'cabinet-2'].map((cabinetId) => (
            <Text key={cabinetId} className='bookcase__link' onClick={() => goToCabinet(cabinetId)}>
              {cabinetId}
            </Text>
          ))}
        </View>
      )}
      <View className='bookcase__menu'>
        {links.map((link) => (
          <ListCell key={link.url} className='bookcase__menu-item' onClick={() => Taro.navigateTo({ url: link.url })}>
            <Text>{link.title}</Text>
          </ListCell>
        ))}
      </View>
    </View>
  )
}
