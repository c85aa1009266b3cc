import { useRouter } from '@tarojs/taro'
import VolunteerVerifyScreen from '../../../../screens/activity/VolunteerVerifyScreen'
import PageRoot from '../../../../components/PageRoot'

/** An organizer verifies a 志愿者证: scans its code here, or arrives with it as `code`. */
export default function Page() {
  const { params } = useRouter()
  return (
    <PageRoot>
      <VolunteerVerifyScreen initialCode={decodeURIComponent(params.code ?? '')} />
    </PageRoot>
  )
}
