import { useRouter } from '@tarojs/taro'
import BookingFormScreen from '../../../../screens/counseling/BookingFormScreen'
import PageRoot from '../../../../components/PageRoot'

export default function BookPage() {
  const { params } = useRouter()
  return (
    <PageRoot>
      <BookingFormScreen counselorId={params.counselorId ?? ''} start={Number(params.start)} />
    </PageRoot>
  )
}
