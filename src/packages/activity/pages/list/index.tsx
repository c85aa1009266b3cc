import { Empty } from '../../../../components/StateView'

export default function Page() {
  return <Empty title='活动报名' hint='志愿活动即将上线' />
}
