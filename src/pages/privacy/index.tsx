import DocPage, { type DocSection } from '../../components/DocPage'
import PageRoot from '../../components/PageRoot'

/** What we collect and why; the counseling consent is separate and shown at booking. */
const sections: DocSection[] = [
  {
    title: '姓名、手机号、工作单位',
    body: '用于志愿活动报名、现场签到、服务时长认定和组织者联系您。手机号可由您填写，或经您授权使用微信绑定的手机号。',
  },
  { title: '志愿服务记录', body: '报名、签到签退时间、服务时长和积分：用于认定时长、发放积分和排行榜（排行榜中姓名部分隐藏）。' },
  {
    title: '借阅记录与押金',
    body: '借还时间、书柜和图书、押金与费用流水：用于借还书、计算逾期费用和退还押金。阅读记录属于个人隐私，您可以在「我的」中选择不在阅读之星排行中显示。',
  },
  {
    title: '心理咨询预约',
    body: '预约时间、咨询方式、主题和您填写的描述与联系电话：仅您和您预约的咨询师可见；提交前会单独征得您对处理敏感个人信息的同意。您可以导出或删除这些数据。',
  },
  {
    title: '相机与位置',
    body: '扫码借书、扫码签到时使用相机；组织者发布活动时可在地图上选择活动地点。打开「附近书柜」时，经您同意获取一次当前位置，仅用于计算并排列离您最近的书柜，不保存、不用于其他用途；不同意也可按名称查看全部书柜。我们不在后台持续获取您的位置。',
  },
  { title: '消息通知', body: '经您同意后发送报名、借阅和预约相关的订阅消息；所有通知同时保存在「我的 · 消息」中。' },
  {
    title: '我们如何保护与共享',
    body: '数据保存在微信云开发环境中，仅用于提供上述服务，不向第三方出售或提供。管理员只能看到不含姓名、手机号的统计数字。',
  },
]

export default function PrivacyPage() {
  return (
    <PageRoot>
      <DocPage sections={sections} />
    </PageRoot>
  )
}
