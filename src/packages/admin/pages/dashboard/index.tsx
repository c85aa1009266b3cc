import DashboardScreen from '../../../../screens/admin/DashboardScreen'
import PageRoot from '../../../../components/PageRoot'

export default function AdminDashboardPage() {
  return (
    <PageRoot>
      <DashboardScreen />
    </PageRoot>
  )
}
