import { useRouter } from '@tarojs/taro'
import ActivityFormScreen from '../../../../screens/activity/ActivityFormScreen'

export default function Page() {
  const { params } = useRouter()
  return <ActivityFormScreen activityId={params.id} />
}
