import DepositScreen from '../../../../screens/bookcase/DepositScreen'

export default function DepositPage() {
  return <DepositScreen />
}
