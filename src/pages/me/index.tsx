import MeScreen from '../../screens/me/MeScreen'

export default function MePage() {
  return <MeScreen />
}
