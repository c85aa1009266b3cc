/**
 * Long lists as the server answers them (the activity list's cards, an organizer's roster), for the
 * screen tests and the browser tests of issue 13's long lists.
 */
import { activityBadge, organizerActions, type BadgeActivity } from '../../domain/activity/badges'

const start = Date.parse('2027-03-03T01:00:00Z')
/** The badge the server sends, as it would compute it a day before the first activity. */
const badgeOf = (
  a: { status: string; startAt: string | number; endAt: string | number; signupDeadline: string; seatsLeft: number },
  now: number,
) =>
  activityBadge(
    { ...a, startAt: new Date(a.startAt), endAt: new Date(a.endAt), signupDeadline: new Date(a.signupDeadline) } as BadgeActivity,
    new Date(now),
  )
export const withBadge = <T extends Parameters<typeof badgeOf>[0]>(a: T, now = start - 2 * 86400_000) => ({
  ...a,
  badge: badgeOf(a, now),
  myBadge: null,
})
export const activityAt = (i: number) => ({
  id: `act-${i}`,
  title: `地铁站文明引导志愿服务第 ${i} 场`,
  category: '文明交通',
  teamId: 'team-1',
  teamName: '青岛地铁志愿服务队',
  locationName: '青岛站北广场东侧入口',
  startAt: new Date(start + i * 3600_000).toISOString(),
  endAt: new Date(start + i * 3600_000 + 7200_000).toISOString(),
  signupDeadline: new Date(start - 86400_000).toISOString(),
  capacity: 20,
  seatsLeft: i % 21,
  hours: 2,
  points: 20,
  status: 'published',
  phase: 'upcoming',
})

/** An activity under way with `size` people holding seats, its organizer's view of it and its entries. */
export function rosterOf(size: number) {
  const startAt = Date.parse('2027-03-03T01:00:00Z')
  const entryAt = (i: number) => ({
    id: `act-1:vol-${i}`,
    activityId: 'act-1',
    status: 'confirmed',
    signedUpAt: startAt - 86400_000,
    checkedInAt: null,
    checkedOutAt: null,
    manualCheckin: null,
    confirmation: null,
    noShow: false,
    openid: `vol-${i}`,
    name: `志愿者${i}`,
    phone: `139${String(i).padStart(8, '0')}`,
    workUnit: '青岛地铁集团有限公司运营分公司',
    noShows: 0,
    seq: i,
    assessment: { kind: 'absent' },
    hoursLog: [],
  })
  const now = startAt + 10 * 60_000
  const activity = withBadge({ ...activityAt(0), id: 'act-1', capacity: size, seatsLeft: 0, startAt, endAt: startAt + 3 * 3600_000 }, now)
  const manage = organizerActions(
    {
      status: 'published',
      startAt: new Date(startAt),
      endAt: new Date(activity.endAt),
      signupDeadline: new Date(activity.signupDeadline),
      seatsLeft: 0,
    },
    new Date(now),
  )
  const detail = { activity, confirmedCount: size, waitlistCount: 0, isOrganizer: true, manage, now }
  return { detail, activity, manage, entryAt }
}

/** The activity list's answer for the page from `from`, out of `total` activities. */
export function activityListPage(from: number, pageSize: number, total: number) {
  const items = Array.from({ length: Math.max(0, Math.min(pageSize, total - from)) }, (_, i) => withBadge(activityAt(from + i)))
  return { ok: true, data: { items, hasMore: from + items.length < total, teams: [], viewer: { organizer: false } } }
}
