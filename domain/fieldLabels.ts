/**
 * The people-facing names of input fields: every message that names a field says it in Chinese
 * ("开始时间：应晚于现在"), never as the code spells it ("startAt"). A path such as
 * `location.latitude` or `weekly.2.start` is named by its parts.
 */
const LABELS: Record<string, string> = {
  activityId: '活动',
  teamId: '服务队',
  title: '标题',
  category: '类别',
  description: '描述',
  location: '地点',
  position: '位置',
  name: '名称',
  latitude: '纬度',
  longitude: '经度',
  startAt: '开始时间',
  endAt: '结束时间',
  signupDeadline: '报名截止时间',
  capacity: '招募人数',
  hours: '服务时长',
  points: '积分',
  requestId: '请求编号',
  openid: '用户',
  entries: '名单',
  token: '签到码',
  reason: '原因',
  realName: '姓名',
  phone: '手机号',
  workUnit: '工作单位',
  role: '角色',
  counselorId: '咨询师',
  bookingId: '预约',
  start: '开始时间',
  end: '结束时间',
  mode: '咨询方式',
  topic: '咨询主题',
  nickname: '称呼',
  consent: '知情同意',
  rating: '评分',
  text: '内容',
  weekly: '每周时段',
  weekday: '星期',
  exceptions: '特殊日期',
  date: '日期',
  windows: '时段',
  specialties: '擅长领域',
  introduction: '简介',
  modes: '咨询方式',
  place: '面询地点',
  photo: '照片',
  cabinetId: '书柜',
  door: '柜门',
  isbn: 'ISBN',
  author: '作者',
  cover: '封面',
  tag: '标签',
  amount: '金额',
  year: '年份',
  offset: '分页位置',
  pageSize: '每页条数',
}

const item = (index: string) => `第 ${Number(index) + 1} 项`

export function fieldLabel(path: string): string {
  return path
    .split('.')
    .map((part) => {
      if (/^\d+$/.test(part)) return item(part)
      const [, name, index] = /^([^[]*)(?:\[(\d+)\])?$/.exec(part) ?? [part, part]
      return `${LABELS[name] ?? name}${index === undefined ? '' : ` ${item(index)}`}`
    })
    .join(' · ')
}

/** '手机号：应为 11 位手机号', or the rule's own words when they already name the field ('手机号应为 11 位手机号'). */
export function fieldMessage(path: string, reason: string): string {
  const last = path.split('.').pop() ?? path
  const own = LABELS[last.replace(/\[\d+\]$/, '')]
  const namesItself = own !== undefined && (reason.startsWith(own) || (reason.startsWith('请') && reason.includes(own)))
  return namesItself && !path.includes('.') && !path.includes('[') ? reason : `${fieldLabel(path)}：${reason}`
}
