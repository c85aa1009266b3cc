import AvailabilityScreen from '../../../../screens/counseling/AvailabilityScreen'

export default function AvailabilityPage() {
  return <AvailabilityScreen />
}
