import { useRouter } from '@tarojs/taro'
import RosterScreen from '../../../../screens/activity/RosterScreen'
import PageRoot from '../../../../components/PageRoot'

export default function Page() {
  const { params } = useRouter()
  return (
    <PageRoot>
      <RosterScreen activityId={params.id ?? ''} />
    </PageRoot>
  )
}
