import AvailabilityScreen from '../../../../screens/counseling/AvailabilityScreen'
import PageRoot from '../../../../components/PageRoot'

export default function AvailabilityPage() {
  return (
    <PageRoot>
      <AvailabilityScreen />
    </PageRoot>
  )
}
