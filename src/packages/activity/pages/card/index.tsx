import VolunteerCardScreen from '../../../../screens/activity/VolunteerCardScreen'

export default function Page() {
  return <VolunteerCardScreen />
}
