import { useRouter } from '@tarojs/taro'
import CheckinCodeScreen from '../../../../screens/activity/CheckinCodeScreen'
import PageRoot from '../../../../components/PageRoot'

export default function Page() {
  const { params } = useRouter()
  return (
    <PageRoot>
      <CheckinCodeScreen activityId={params.id ?? ''} />
    </PageRoot>
  )
}
