import ProfileScreen from '../../screens/profile/ProfileScreen'

export default function ProfilePage() {
  return <ProfileScreen />
}
