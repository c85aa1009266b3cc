import type { Database } from '../../functions/_lib/sdk'
import type { CounselorRecord } from '../../functions/counseling/records'
import type { WeeklyWindow } from '../../domain/counseling'

type Weekday = WeeklyWindow['weekday']

const CENTER = '市职工心理健康中心（市总工会大楼 3 楼 302 室）'

function weekly(days: Weekday[], ...windows: Array<[string, string]>): WeeklyWindow[] {
  return days.flatMap((weekday) => windows.map(([start, end]) => ({ weekday, start, end })))
}

/** counselor-1 and counselor-2 have accounts (local-counselor-1/2); the others are managed by admins. */
export function seededCounselors(now: Date): CounselorRecord[] {
  const counselor = (record: Omit<CounselorRecord, 'photo' | 'active' | 'createdAt' | 'updatedAt'>): CounselorRecord => ({
    ...record,
    photo: null,
    active: true,
    createdAt: now,
    updatedAt: now,
  })
  return [
    counselor({
      _id: 'counselor-1',
      name: '周心怡',
      title: '国家二级心理咨询师',
      specialties: ['情绪压力', '职场关系', '睡眠问题'],
      introduction: '从事职工心理服务 10 年，擅长情绪调节、压力管理和职场人际困扰，咨询风格温和、耐心。',
      modes: ['in_person', 'online'],
      place: CENTER,
      availability: { weekly: weekly([1, 2, 3, 4, 5, 6, 7], ['09:00', '12:00'], ['14:00', '17:00']), exceptions: [] },
    }),
    counselor({
      _id: 'counselor-2',
      name: '吴安然',
      title: '心理治疗师（中级）',
      specialties: ['婚恋家庭', '亲子教育', '情绪压力'],
      introduction: '长期关注职工家庭关系与子女教育，擅长家庭沟通、亲子冲突和婚姻适应问题。',
      modes: ['in_person'],
      place: CENTER,
      availability: { weekly: weekly([1, 3, 5], ['09:00', '11:30'], ['14:00', '18:00']), exceptions: [] },
    }),
    counselor({
      _id: 'counselor-3',
      name: '郑明远',
      title: '国家二级心理咨询师',
      specialties: ['职场关系', '个人成长'],
      introduction: '企业 EAP 顾问，关注职业发展、职场适应与中年转型。',
      modes: ['online'],
      place: null,
      availability: { weekly: weekly([2, 4], ['19:00', '21:00']), exceptions: [] },
    }),
    counselor({
      _id: 'counselor-4',
      name: '林静',
      title: '精神科主治医师',
      specialties: ['睡眠问题', '情绪压力'],
      introduction: '市精神卫生中心医师，每周在中心坐诊，擅长失眠、焦虑和抑郁情绪的评估与建议。',
      modes: ['in_person'],
      place: CENTER,
      availability: { weekly: weekly([6], ['09:00', '12:00']), exceptions: [] },
    }),
    counselor({
      _id: 'counselor-5',
      name: '何晓晴',
      title: '国家三级心理咨询师',
      specialties: ['亲子教育', '婚恋家庭'],
      introduction: '专注青少年家庭教育与父母成长，擅长用具体可行的方法帮助家长改善亲子沟通。',
      modes: ['online', 'in_person'],
      place: CENTER,
      availability: { weekly: weekly([2, 4, 6], ['14:00', '17:00']), exceptions: [] },
    }),
  ]
}

export async function seedCounseling(db: Database, now: Date): Promise<void> {
  for (const { _id, ...data } of seededCounselors(now)) await db.collection('counselors').doc(_id).set({ data })
}
