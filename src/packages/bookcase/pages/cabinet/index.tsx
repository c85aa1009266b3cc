import Taro from '@tarojs/taro'
import CabinetScreen from '../../../../screens/bookcase/CabinetScreen'
import ScanScreen from '../../../../screens/bookcase/ScanScreen'
import { cabinetIdFrom } from '../../../../services/bookcase'
import PageRoot from '../../../../components/PageRoot'

/**
 * The bookcase entry. A cabinet's QR link opens it with its id (`?cabinetId=`, a mini-program code's
 * `scene`, or a plain link's `q`); without one it is the scan page.
 */
export default function CabinetPage() {
  const params = Taro.getCurrentInstance().router?.params ?? {}
  const cabinetId =
    cabinetIdFrom(params.cabinetId) ?? cabinetIdFrom(params.scene ? `scene=${params.scene}` : undefined) ?? cabinetIdFrom(params.q)
  return <PageRoot>{cabinetId ? <CabinetScreen cabinetId={cabinetId} /> : <ScanScreen />}</PageRoot>
}
