import VolunteerCardScreen from '../../../../screens/activity/VolunteerCardScreen'
import PageRoot from '../../../../components/PageRoot'

export default function Page() {
  return (
    <PageRoot>
      <VolunteerCardScreen />
    </PageRoot>
  )
}
