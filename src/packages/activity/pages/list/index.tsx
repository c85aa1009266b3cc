import ActivityListScreen from '../../../../screens/activity/ActivityListScreen'
import PageRoot from '../../../../components/PageRoot'

export default function ActivityListPage() {
  return (
    <PageRoot>
      <ActivityListScreen />
    </PageRoot>
  )
}
