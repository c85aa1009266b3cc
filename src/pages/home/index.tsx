import HomeScreen from '../../screens/home/HomeScreen'
import PageRoot from '../../components/PageRoot'

export default function HomePage() {
  return (
    <PageRoot>
      <HomeScreen />
    </PageRoot>
  )
}
