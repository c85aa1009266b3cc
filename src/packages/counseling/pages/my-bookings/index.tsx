import MyBookingsScreen from '../../../../screens/counseling/MyBookingsScreen'

export default function MyBookingsPage() {
  return <MyBookingsScreen />
}
