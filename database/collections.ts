/**
 * The cloud database as code: every collection, its indexes and its security rule. The local cloud
 * creates these on start; `npm run db:rules` prints them for the CloudBase console (README).
 * Every rule denies client access: all reads and writes go through cloud functions.
 */
export interface IndexSpec {
  name: string
  fields: Record<string, 1 | -1>
  unique?: boolean
}

export interface CollectionSpec {
  name: string
  description: string
  indexes: IndexSpec[]
}

export const clientAccessDenied = { read: false, write: false } as const

export const collections: CollectionSpec[] = [
  {
    name: 'users',
    description: '用户：openid 为 _id，资料、角色、计数',
    // searchUsers finds people by a prefix of `profile.phone` (the field the profile stores)
    indexes: [{ name: 'profile_phone', fields: { 'profile.phone': 1 } }],
  },
  {
    name: 'messages',
    description: '站内消息（订阅消息的站内副本）',
    indexes: [{ name: 'owner_time', fields: { openid: 1, createdAt: -1 } }],
  },
  {
    name: 'teams',
    description: '志愿服务队：名称',
    indexes: [],
  },
  {
    name: 'activities',
    description: '志愿活动：内容、时间、名额（seatsLeft 随报名原子增减）、状态、所属服务队',
    indexes: [
      { name: 'status_start', fields: { status: 1, startAt: 1 } },
      { name: 'team_start', fields: { teamId: 1, startAt: 1 } },
      { name: 'category_start', fields: { category: 1, startAt: 1 } },
    ],
  },
  {
    name: 'activitySignups',
    description: '活动报名：每人每活动一条（_id 由活动编号与 openid 组成），名额/候补、签到签退、确认时长',
    indexes: [
      { name: 'activity_person', fields: { activityId: 1, openid: 1 }, unique: true },
      { name: 'activity_status_seq', fields: { activityId: 1, status: 1, seq: 1 } },
      { name: 'person_start', fields: { openid: 1, startAt: -1 } },
      { name: 'signed_up', fields: { signedUpAt: 1 } },
    ],
  },
  {
    name: 'volunteerStats',
    description: '志愿者累计：时长、积分、活动数、爽约次数（_id 为 openid）',
    indexes: [{ name: 'hours', fields: { hours: -1 } }],
  },
  {
    name: 'volunteerTeamStats',
    description: '志愿者在各服务队的累计时长（_id 为 服务队编号_openid）',
    indexes: [{ name: 'team_hours', fields: { teamId: 1, hours: -1 } }],
  },
  {
    name: 'cabinets',
    description: '智能书柜：名称、位置、最近在线时间、签名密钥',
    indexes: [],
  },
  {
    name: 'cabinetDoors',
    description: '书柜柜门（_id 为 书柜编号-柜门号）：柜内标签、开门会话锁',
    indexes: [{ name: 'cabinet_door', fields: { cabinetId: 1, door: 1 }, unique: true }],
  },
  {
    name: 'cabinetEvents',
    description: '书柜上报的心跳、开门、开门失败事件（_id 为 书柜编号-eventId，去重；关门事件记在柜门上）',
    indexes: [{ name: 'cabinet_at', fields: { cabinetId: 1, at: -1 } }],
  },
  {
    name: 'doorSessions',
    description: '开门会话（_id 即开门指令 commandId）',
    indexes: [
      { name: 'status_expires', fields: { status: 1, expiresAt: 1 } },
      { name: 'owner_cabinet', fields: { openid: 1, cabinetId: 1, createdAt: -1 } },
    ],
  },
  {
    name: 'books',
    description: '图书（_id 为 RFID 标签）：ISBN、书名、所在书柜柜门或借出',
    indexes: [{ name: 'cabinet_status', fields: { cabinetId: 1, status: 1 } }],
  },
  {
    name: 'loans',
    description: '借阅记录；openTag 唯一：同一本书同时只有一条未还的借阅',
    indexes: [
      { name: 'open_tag', fields: { openTag: 1 }, unique: true },
      { name: 'owner_status', fields: { openid: 1, status: 1, borrowedAt: -1 } },
      { name: 'status_borrowed', fields: { status: 1, borrowedAt: 1 } },
      { name: 'status_due', fields: { status: 1, dueAt: 1 } },
    ],
  },
  {
    name: 'depositAccounts',
    description: '押金账户（_id 为 openid）：余额、欠费、在借数量，仅在事务中修改',
    indexes: [],
  },
  {
    name: 'depositOrders',
    description: '押金支付订单（_id 为 outTradeNo）',
    indexes: [{ name: 'owner_status', fields: { openid: 1, status: 1, createdAt: -1 } }],
  },
  {
    name: 'depositRefunds',
    description: '押金退款（每部分有固定的 outRefundNo；超过一年的订单转人工退款）',
    indexes: [
      { name: 'owner_time', fields: { openid: 1, createdAt: -1 } },
      { name: 'status_time', fields: { status: 1, createdAt: 1 } },
    ],
  },
  {
    name: 'depositLedger',
    description: '押金流水：每次余额变化一条（_id 为 类型-原因，不会重复记账）',
    indexes: [{ name: 'owner_time', fields: { openid: 1, at: -1 } }],
  },
  {
    name: 'bookcaseAlerts',
    description: '书柜异常（未知标签、无会话取书、超额借阅…），供管理员处理',
    indexes: [{ name: 'resolved_time', fields: { resolved: 1, at: -1 } }],
  },
  {
    name: 'readingStats',
    description: '年度借阅数（_id 为 年份-openid）：阅读之星、年度抽奖',
    indexes: [{ name: 'year_loans', fields: { year: 1, loans: -1 } }],
  },
  {
    name: 'lotteryDraws',
    description: '年度借阅抽奖记录（_id 为年份）：公开种子、参与名单摘要、中奖者',
    indexes: [],
  },
  {
    name: 'bookImports',
    description: '图书批量导入：预览结果与已提交的批次（有效行存于云存储）',
    indexes: [],
  },
  {
    name: 'counselors',
    description: '咨询师档案（_id 为 counselorId）：资料、咨询方式、每周时段与特殊日期',
    indexes: [{ name: 'active', fields: { active: 1 } }],
  },
  {
    name: 'counselingBookings',
    description: '心理咨询预约：仅预约人与其咨询师可见',
    indexes: [
      { name: 'worker_start', fields: { workerOpenid: 1, start: 1 } },
      { name: 'counselor_start', fields: { counselorId: 1, start: 1 } },
      { name: 'status_start', fields: { status: 1, start: 1 } },
      { name: 'hold_slot', fields: { holdSlot: 1 }, unique: true },
    ],
  },
  {
    name: 'slotLocks',
    description: '已占用的咨询时段（_id 为 咨询师-开始时间）：同一时段只能被预约一次',
    indexes: [{ name: 'counselor_start', fields: { counselorId: 1, start: 1 }, unique: true }],
  },
  {
    name: 'counselingClients',
    description: '来访者（_id 为 openid）：占用时段的预约、知情同意记录',
    indexes: [],
  },
  {
    name: 'counselingNotes',
    description: '咨询师的私人笔记（_id 为预约编号），仅该咨询师可见',
    indexes: [{ name: 'counselor', fields: { counselorId: 1 } }],
  },
  {
    name: 'monthlyStats',
    description: '写入时维护的汇总计数，不含个人信息：activity-YYYY-MM（报名数、确认时长）、cabinet-书柜编号（借阅数）',
    indexes: [{ name: 'kind', fields: { kind: 1 } }],
  },
  {
    name: 'counselingStats',
    description: '心理咨询按月汇总（_id 为 YYYY-MM）：数量、主题、方式，不含个人信息',
    indexes: [],
  },
  {
    name: 'media',
    description: '上传的图片（活动封面、咨询师照片；_id 由目录与文件名组成）：上传者，一张图只属于一人',
    indexes: [],
  },
]
