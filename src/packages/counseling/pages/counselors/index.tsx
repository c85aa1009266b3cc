import CounselorsScreen from '../../../../screens/counseling/CounselorsScreen'
import PageRoot from '../../../../components/PageRoot'

export default function CounselorsPage() {
  return (
    <PageRoot>
      <CounselorsScreen />
    </PageRoot>
  )
}
