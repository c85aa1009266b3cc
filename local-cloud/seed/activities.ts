/**
 * Demo activities, relative to the clock's now: upcoming ones of several categories for team-1 and
 * team-2, one nearly full, one whose check-in window is open (local-volunteer-1 holds a seat), a draft,
 * and two past ones with hours confirmed for local-volunteer-1.
 */
import type { Database } from '../../functions/_lib/sdk'
import {
  ACTIVITIES,
  SIGNUPS,
  TEAMS,
  VOLUNTEER_STATS,
  VOLUNTEER_TEAM_STATS,
  signupId,
  teamStatsId,
  type ActivityRecord,
  type SignupRecord,
} from '../../functions/activity/records'
import { DAY_MS, HOUR_MS, MINUTE_MS, shanghaiDate, shanghaiInstant } from '../../domain/time'

const TEAM_NAMES: Record<string, string> = { 'team-1': '青岛地铁志愿服务队', 'team-2': '市第一人民医院志愿服务队' }
const ORGANIZER = 'local-organizer'

interface Plan {
  id: string
  teamId: string
  title: string
  category: string
  place: [string, number, number]
  /** start relative to now, and length */
  startInMs: number
  durationMs: number
  capacity: number
  hours: number
  points: number
  status?: ActivityRecord['status']
  /** [openid, confirmed hours or undefined, checked in] */
  people?: [string, number?][]
}

const plans: Plan[] = [
  {
    id: 'activity-traffic',
    teamId: 'team-1',
    title: '地铁站文明出行引导',
    category: '文明交通',
    place: ['地铁3号线 青岛站', 36.0649, 120.3118],
    startInMs: 3 * DAY_MS,
    durationMs: 3 * HOUR_MS,
    capacity: 20,
    hours: 3,
    points: 30,
    people: [['local-volunteer-3']],
  },
  {
    id: 'activity-beach',
    teamId: 'team-1',
    title: '第一海水浴场净滩行动',
    category: '环保',
    place: ['第一海水浴场', 36.0573, 120.3406],
    startInMs: 5 * DAY_MS,
    durationMs: 2 * HOUR_MS,
    capacity: 5,
    hours: 2,
    points: 20,
    people: [['local-volunteer-2'], ['local-volunteer-3'], ['local-volunteer-4'], ['local-volunteer-5']],
  },
  {
    id: 'activity-elderly',
    teamId: 'team-1',
    title: '社区独居老人探访',
    category: '关爱帮扶',
    place: ['市南区八大关街道社区服务中心', 36.0552, 120.3576],
    startInMs: 10 * MINUTE_MS,
    durationMs: 3 * HOUR_MS,
    capacity: 10,
    hours: 2.5,
    points: 25,
    people: [['local-volunteer-1'], ['local-volunteer-2']],
  },
  {
    id: 'activity-summer-draft',
    teamId: 'team-1',
    title: '夏送清凉·户外劳动者慰问',
    category: '夏送清凉',
    place: ['市北区环卫所', 36.0871, 120.3745],
    startInMs: 14 * DAY_MS,
    durationMs: 4 * HOUR_MS,
    capacity: 30,
    hours: 4,
    points: 40,
    status: 'draft',
  },
  {
    id: 'activity-model-worker',
    teamId: 'team-1',
    title: '劳模进车间宣讲',
    category: '劳模宣讲',
    place: ['港务集团前湾港区', 36.0122, 120.2173],
    startInMs: -10 * DAY_MS,
    durationMs: 2 * HOUR_MS,
    capacity: 15,
    hours: 2,
    points: 20,
    status: 'finished',
    people: [['local-volunteer-1', 2]],
  },
  {
    id: 'activity-winter',
    teamId: 'team-1',
    title: '冬送温暖·困难职工走访',
    category: '冬送温暖',
    place: ['李沧区职工服务站', 36.1453, 120.4327],
    startInMs: -20 * DAY_MS,
    durationMs: 4 * HOUR_MS,
    capacity: 12,
    hours: 3.5,
    points: 35,
    status: 'finished',
    people: [['local-volunteer-1', 3]],
  },
  {
    id: 'activity-mental',
    teamId: 'team-2',
    title: '职工心理健康公益讲座',
    category: '心理健康',
    place: ['市第一人民医院 门诊楼报告厅', 36.0713, 120.3825],
    startInMs: 7 * DAY_MS,
    durationMs: 2 * HOUR_MS,
    capacity: 50,
    hours: 2,
    points: 20,
  },
  {
    id: 'activity-scholarship',
    teamId: 'team-2',
    title: '金秋助学·资助材料审核',
    category: '金秋助学',
    place: ['市总工会 3 楼会议室', 36.0668, 120.3826],
    startInMs: 10 * DAY_MS,
    durationMs: 3 * HOUR_MS,
    capacity: 8,
    hours: 3,
    points: 30,
  },
]

const NAMES: Record<string, string> = { 'local-volunteer-1': '王小明' }

export async function seedActivities(db: Database, now: Date): Promise<void> {
  for (const [id, name] of Object.entries(TEAM_NAMES)) await db.collection(TEAMS).doc(id).set({ data: { name } })
  const totals = new Map<string, { hours: number; points: number; activities: number; teams: Set<string> }>()

  for (const plan of plans) {
    // Days away: 09:00 Shanghai that day, as real activities start; within the day: whole minutes.
    const day = new Date(now.getTime() + plan.startInMs)
    const startAt =
      Math.abs(plan.startInMs) >= DAY_MS
        ? shanghaiInstant(shanghaiDate(day), '09:00')
        : new Date(Math.floor(day.getTime() / MINUTE_MS) * MINUTE_MS)
    const endAt = new Date(startAt.getTime() + plan.durationMs)
    const signupDeadline = plan.startInMs > DAY_MS ? new Date(startAt.getTime() - DAY_MS) : startAt
    const people = plan.people ?? []
    const status = plan.status ?? 'published'
    const activity: Omit<ActivityRecord, '_id'> = {
      title: plan.title,
      category: plan.category,
      description: `${plan.title}：${TEAM_NAMES[plan.teamId]}组织的志愿服务活动。请提前 15 分钟到达，着志愿者马甲，现场扫码签到。`,
      location: { name: plan.place[0], latitude: plan.place[1], longitude: plan.place[2] },
      startAt,
      endAt,
      signupDeadline,
      capacity: plan.capacity,
      seatsLeft: plan.capacity - people.length,
      hours: plan.hours,
      points: plan.points,
      teamId: plan.teamId,
      teamName: TEAM_NAMES[plan.teamId],
      status,
      createdBy: ORGANIZER,
      createdAt: new Date(startAt.getTime() - 7 * DAY_MS),
      updatedAt: now,
      publishedAt: status === 'draft' ? null : new Date(startAt.getTime() - 7 * DAY_MS),
      cancelledAt: null,
      cancelReason: null,
    }
    await db.collection(ACTIVITIES).doc(plan.id).set({ data: activity })

    for (const [seq, [openid, confirmedHours]] of people.entries()) {
      const attended = confirmedHours !== undefined
      const confirmation = attended
        ? { hours: confirmedHours, points: plan.points, source: 'measured' as const, by: ORGANIZER, at: endAt }
        : null
      const signup: Omit<SignupRecord, '_id'> = {
        activityId: plan.id,
        openid,
        status: 'confirmed',
        seq,
        signedUpAt: activity.createdAt,
        claimedAt: activity.createdAt,
        cancelledAt: null,
        title: plan.title,
        teamId: plan.teamId,
        startAt,
        endAt,
        locationName: plan.place[0],
        activityStatus: status,
        checkedInAt: attended ? new Date(startAt.getTime() - 10 * MINUTE_MS) : null,
        checkedOutAt: attended ? new Date(startAt.getTime() + confirmedHours * HOUR_MS) : null,
        manualCheckin: null,
        confirmation,
        hoursLog: confirmation ? [confirmation] : [],
        noShow: false,
      }
      await db.collection(SIGNUPS).doc(signupId(plan.id, openid)).set({ data: signup })
      if (confirmation) {
        const total = totals.get(openid) ?? { hours: 0, points: 0, activities: 0, teams: new Set<string>() }
        total.hours += confirmation.hours
        total.points += confirmation.points
        total.activities += 1
        total.teams.add(plan.teamId)
        totals.set(openid, total)
      }
    }
  }

  for (const [openid, total] of totals) {
    const name = NAMES[openid] ?? '志愿者'
    const base = { name, hours: total.hours, points: total.points, updatedAt: now }
    await db
      .collection(VOLUNTEER_STATS)
      .doc(openid)
      .set({ data: { ...base, activities: total.activities, noShows: 0, teams: [...total.teams] } })
    for (const teamId of total.teams) {
      await db
        .collection(VOLUNTEER_TEAM_STATS)
        .doc(teamStatsId(teamId, openid))
        .set({ data: { ...base, teamId, openid } })
    }
  }
}
