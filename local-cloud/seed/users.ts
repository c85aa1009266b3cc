import type { Database } from '../../functions/_lib/sdk'
import type { UserRecord } from '../../functions/_lib/caller'

const volunteers = [
  { realName: '王小明', phone: '13800000001', workUnit: '青岛地铁运营分公司' },
  { realName: '李娜', phone: '13800000002', workUnit: '市第一人民医院' },
  { realName: '张伟', phone: '13800000003', workUnit: '港务集团' },
  { realName: '刘芳', phone: '13800000004', workUnit: '市总工会机关' },
  { realName: '陈静', phone: '13800000005', workUnit: '海尔工业园' },
]

export function seededUsers(now: Date): UserRecord[] {
  const user = (id: string, profile: UserRecord['profile'], roles: UserRecord['roles'] = {}): UserRecord => ({
    _id: id,
    profile,
    roles,
    settings: {},
    createdAt: now,
    updatedAt: now,
  })
  return [
    user('local-admin', { realName: '赵管理', phone: '13900000001', workUnit: '市总工会' }, { admin: true }),
    user('local-organizer', { realName: '孙队长', phone: '13900000002', workUnit: '青岛地铁志愿服务队' }, { organizerTeams: ['team-1'] }),
    user('local-counselor-1', { realName: '周心怡', phone: '13900000003', workUnit: '职工心理健康中心' }, { counselorId: 'counselor-1' }),
    user('local-counselor-2', { realName: '吴安然', phone: '13900000004', workUnit: '职工心理健康中心' }, { counselorId: 'counselor-2' }),
    ...volunteers.map((profile, index) => user(`local-volunteer-${index + 1}`, profile)),
    user('local-worker', null),
  ]
}

export async function seedUsers(db: Database, now: Date): Promise<void> {
  for (const { _id, ...data } of seededUsers(now)) await db.collection('users').doc(_id).set({ data })
}
