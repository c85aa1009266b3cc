import CounselorBookingsScreen from '../../../../screens/counseling/CounselorBookingsScreen'

export default function CounselorBookingsPage() {
  return <CounselorBookingsScreen />
}
