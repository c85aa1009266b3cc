import { Empty } from '../../../../components/StateView'

export default function Page() {
  return <Empty title='管理后台' hint='管理功能即将上线' />
}
