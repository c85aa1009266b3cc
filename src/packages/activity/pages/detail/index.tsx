import { useRouter } from '@tarojs/taro'
import ActivityDetailScreen from '../../../../screens/activity/ActivityDetailScreen'

export default function Page() {
  const { params } = useRouter()
  return <ActivityDetailScreen activityId={params.id ?? ''} />
}
