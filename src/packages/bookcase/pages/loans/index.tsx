import LoansScreen from '../../../../screens/bookcase/LoansScreen'
import PageRoot from '../../../../components/PageRoot'

export default function LoansPage() {
  return (
    <PageRoot>
      <LoansScreen />
    </PageRoot>
  )
}
