import { useRouter } from '@tarojs/taro'
import CounselorScreen from '../../../../screens/counseling/CounselorScreen'

export default function CounselorPage() {
  const { params } = useRouter()
  return <CounselorScreen counselorId={params.counselorId ?? ''} rescheduleOf={params.rescheduleOf} />
}
