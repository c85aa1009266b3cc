import Taro from '@tarojs/taro'
import DoorScreen from '../../../../screens/bookcase/DoorScreen'
import PageRoot from '../../../../components/PageRoot'

export default function DoorPage() {
  const sessionId = Taro.getCurrentInstance().router?.params?.sessionId ?? ''
  return (
    <PageRoot>
      <DoorScreen sessionId={sessionId} />
    </PageRoot>
  )
}
