import HomeScreen from '../../screens/home/HomeScreen'

export default function HomePage() {
  return <HomeScreen />
}
