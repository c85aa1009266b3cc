import ProfileScreen from '../../screens/profile/ProfileScreen'
import PageRoot from '../../components/PageRoot'

export default function ProfilePage() {
  return (
    <PageRoot>
      <ProfileScreen />
    </PageRoot>
  )
}
