import CounselorsScreen from '../../../../screens/counseling/CounselorsScreen'

export default function CounselorsPage() {
  return <CounselorsScreen />
}
