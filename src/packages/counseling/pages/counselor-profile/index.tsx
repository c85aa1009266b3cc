import CounselorProfileScreen from '../../../../screens/counseling/CounselorProfileScreen'
import PageRoot from '../../../../components/PageRoot'

export default function CounselorProfilePage() {
  return (
    <PageRoot>
      <CounselorProfileScreen />
    </PageRoot>
  )
}
