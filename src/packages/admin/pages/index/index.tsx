import RolesScreen from '../../../../screens/admin/RolesScreen'
import PageRoot from '../../../../components/PageRoot'

export default function AdminRolesPage() {
  return (
    <PageRoot>
      <RolesScreen />
    </PageRoot>
  )
}
