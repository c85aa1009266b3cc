import RolesScreen from '../../../../screens/admin/RolesScreen'

export default function AdminRolesPage() {
  return <RolesScreen />
}
