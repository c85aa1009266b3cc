import DashboardScreen from '../../../../screens/admin/DashboardScreen'

export default function AdminDashboardPage() {
  return <DashboardScreen />
}
