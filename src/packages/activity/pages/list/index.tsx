import ActivityListScreen from '../../../../screens/activity/ActivityListScreen'

export default function ActivityListPage() {
  return <ActivityListScreen />
}
