import { useRouter } from '@tarojs/taro'
import BookingFormScreen from '../../../../screens/counseling/BookingFormScreen'

export default function BookPage() {
  const { params } = useRouter()
  return <BookingFormScreen counselorId={params.counselorId ?? ''} start={Number(params.start)} />
}
