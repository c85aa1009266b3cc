import LoansScreen from '../../../../screens/bookcase/LoansScreen'

export default function LoansPage() {
  return <LoansScreen />
}
