import { Empty } from '../../../../components/StateView'

export default function Page() {
  return <Empty title='智能书柜' hint='扫码借书即将上线' />
}
