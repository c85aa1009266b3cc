import MyActivitiesScreen from '../../../../screens/activity/MyActivitiesScreen'
import PageRoot from '../../../../components/PageRoot'

export default function Page() {
  return (
    <PageRoot>
      <MyActivitiesScreen />
    </PageRoot>
  )
}
