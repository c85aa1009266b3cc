import CounselorProfileScreen from '../../../../screens/counseling/CounselorProfileScreen'

export default function CounselorProfilePage() {
  return <CounselorProfileScreen />
}
