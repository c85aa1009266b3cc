import { useRouter } from '@tarojs/taro'
import CheckinCodeScreen from '../../../../screens/activity/CheckinCodeScreen'

export default function Page() {
  const { params } = useRouter()
  return <CheckinCodeScreen activityId={params.id ?? ''} />
}
