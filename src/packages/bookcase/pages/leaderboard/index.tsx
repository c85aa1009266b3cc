import LeaderboardScreen from '../../../../screens/bookcase/LeaderboardScreen'
import PageRoot from '../../../../components/PageRoot'

export default function LeaderboardPage() {
  return (
    <PageRoot>
      <LeaderboardScreen />
    </PageRoot>
  )
}
