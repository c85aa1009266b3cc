import CounselorBookingsScreen from '../../../../screens/counseling/CounselorBookingsScreen'
import PageRoot from '../../../../components/PageRoot'

export default function CounselorBookingsPage() {
  return (
    <PageRoot>
      <CounselorBookingsScreen />
    </PageRoot>
  )
}
