import { useRouter } from '@tarojs/taro'
import RosterScreen from '../../../../screens/activity/RosterScreen'

export default function Page() {
  const { params } = useRouter()
  return <RosterScreen activityId={params.id ?? ''} />
}
