import { useRouter } from '@tarojs/taro'
import CheckinScanScreen from '../../../../screens/activity/CheckinScanScreen'
import PageRoot from '../../../../components/PageRoot'

/**
 * Opened by WeChat's own scanner from the organizer's check-in code (扫普通链接二维码打开小程序: the link
 * arrives URL-encoded as `q`), or with the token as `t` (the H5 app, the link opened in a browser).
 */
export default function Page() {
  const { params } = useRouter()
  return (
    <PageRoot>
      <CheckinScanScreen scanned={params.q ?? params.t ?? ''} />
    </PageRoot>
  )
}
