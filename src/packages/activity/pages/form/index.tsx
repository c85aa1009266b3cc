import { useRouter } from '@tarojs/taro'
import ActivityFormScreen from '../../../../screens/activity/ActivityFormScreen'
import PageRoot from '../../../../components/PageRoot'

export default function Page() {
  const { params } = useRouter()
  return (
    <PageRoot>
      <ActivityFormScreen activityId={params.id} />
    </PageRoot>
  )
}
