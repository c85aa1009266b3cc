import MyActivitiesScreen from '../../../../screens/activity/MyActivitiesScreen'

export default function Page() {
  return <MyActivitiesScreen />
}
