import FinderScreen from '../../../../screens/bookcase/FinderScreen'
import PageRoot from '../../../../components/PageRoot'

export default function FinderPage() {
  return (
    <PageRoot>
      <FinderScreen />
    </PageRoot>
  )
}
