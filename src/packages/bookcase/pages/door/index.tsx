import Taro from '@tarojs/taro'
import DoorScreen from '../../../../screens/bookcase/DoorScreen'

export default function DoorPage() {
  const sessionId = Taro.getCurrentInstance().router?.params?.sessionId ?? ''
  return <DoorScreen sessionId={sessionId} />
}
