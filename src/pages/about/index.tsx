import DocPage, { type DocSection } from '../../components/DocPage'
import PageRoot from '../../components/PageRoot'

const sections: DocSection[] = [
  {
    title: '职工服务',
    body: '市总工会为职工提供的一站式服务：报名参加志愿服务活动、在地铁站和社区的智能职工书柜扫码借书、预约职工心理健康中心的咨询师。',
  },
  {
    title: '智能职工书柜',
    body: '首次借书缴纳押金 45 元；每本书免费借阅 15 天，之后每天 1 元，最多不超过押金。可在任一书柜归还，不借书时可申请退还押金。',
  },
  { title: '心理援助', body: '如果您正处于危机之中，请立即拨打全国心理援助热线 12356。' },
  { title: '联系我们', body: '对服务有疑问或建议，请联系所在单位工会或市总工会职工服务中心。' },
]

export default function AboutPage() {
  return (
    <PageRoot>
      <DocPage sections={sections} />
    </PageRoot>
  )
}
