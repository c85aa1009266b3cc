import { Empty } from '../../../../components/StateView'

export default function Page() {
  return <Empty title='心理咨询' hint='预约咨询即将上线' />
}
