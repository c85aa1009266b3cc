import MeScreen from '../../screens/me/MeScreen'
import PageRoot from '../../components/PageRoot'

export default function MePage() {
  return (
    <PageRoot>
      <MeScreen />
    </PageRoot>
  )
}
