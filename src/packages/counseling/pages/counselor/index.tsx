import { useRouter } from '@tarojs/taro'
import CounselorScreen from '../../../../screens/counseling/CounselorScreen'
import PageRoot from '../../../../components/PageRoot'

export default function CounselorPage() {
  const { params } = useRouter()
  return (
    <PageRoot>
      <CounselorScreen counselorId={params.counselorId ?? ''} rescheduleOf={params.rescheduleOf} />
    </PageRoot>
  )
}
