import { useRouter } from '@tarojs/taro'
import ActivityDetailScreen from '../../../../screens/activity/ActivityDetailScreen'
import PageRoot from '../../../../components/PageRoot'

/** `?id=`, or a poster's mini-program code: WeChat passes the activity id as `scene` (URL-encoded). */
export default function Page() {
  const { params } = useRouter()
  return (
    <PageRoot>
      <ActivityDetailScreen activityId={params.id ?? decodeURIComponent(params.scene ?? '')} />
    </PageRoot>
  )
}
