import FinderScreen from '../../../../screens/bookcase/FinderScreen'

export default function FinderPage() {
  return <FinderScreen />
}
