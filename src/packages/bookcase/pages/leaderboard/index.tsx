import LeaderboardScreen from '../../../../screens/bookcase/LeaderboardScreen'

export default function LeaderboardPage() {
  return <LeaderboardScreen />
}
