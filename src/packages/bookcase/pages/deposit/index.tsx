import DepositScreen from '../../../../screens/bookcase/DepositScreen'
import PageRoot from '../../../../components/PageRoot'

export default function DepositPage() {
  return (
    <PageRoot>
      <DepositScreen />
    </PageRoot>
  )
}
