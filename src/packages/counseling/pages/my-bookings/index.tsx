import MyBookingsScreen from '../../../../screens/counseling/MyBookingsScreen'
import PageRoot from '../../../../components/PageRoot'

export default function MyBookingsPage() {
  return (
    <PageRoot>
      <MyBookingsScreen />
    </PageRoot>
  )
}
