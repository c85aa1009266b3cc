/**
 * Long lists as the server answers them (the activity list's cards, an organizer's roster), typed by
 * the contract, for the screen tests and the browser tests of issue 13's long lists.
 */
import type { Answer } from '../../functions/contract'
import { activityBadge, organizerActions } from '../../domain/activity/badges'
import { viewerAction } from '../../domain/activity/viewerAction'

type ActivitySummary = Answer<'activity', 'roster'>['activity']
type SummaryFields = Omit<ActivitySummary, 'badge' | 'phase'>
type RosterEntry = Answer<'activity', 'roster'>['items'][number]

const start = Date.parse('2027-03-03T01:00:00Z')
const datesOf = (a: { startAt: number; endAt: number; signupDeadline: number }) => ({
  startAt: new Date(a.startAt),
  endAt: new Date(a.endAt),
  signupDeadline: new Date(a.signupDeadline),
})

/** An activity as the server answers it, its badge computed a day before the first activity (or at `now`). */
function summaryOf(fields: SummaryFields, now = start - 2 * 86400_000): ActivitySummary {
  return { ...fields, phase: 'upcoming', badge: activityBadge({ ...fields, ...datesOf(fields) }, new Date(now)) }
}

const fieldsAt = (i: number): SummaryFields => ({
  id: `act-${i}`,
  title: `地铁站文明引导志愿服务第 ${i} 场`,
  category: '文明交通',
  teamId: 'team-1',
  teamName: '青岛地铁志愿服务队',
  locationName: '青岛站北广场东侧入口',
  startAt: start + i * 3600_000,
  endAt: start + i * 3600_000 + 7200_000,
  signupDeadline: start - 86400_000,
  capacity: 20,
  seatsLeft: i % 21,
  hours: 2,
  points: 20,
  status: 'published',
  cover: null,
})

/** The activity list's answer for the page from `from`, out of `total` activities. */
export function activityListPage(from: number, pageSize: number, total: number): { ok: true; data: Answer<'activity', 'list'> } {
  const items = Array.from({ length: Math.max(0, Math.min(pageSize, total - from)) }, (_, i) => ({
    ...summaryOf(fieldsAt(from + i)),
    myBadge: null,
    coverUrl: null,
  }))
  return { ok: true, data: { items, hasMore: from + items.length < total, teams: [], viewer: { organizer: false } } }
}

/** An activity under way with `size` people holding seats, its organizer's view of it and its entries. */
export function rosterOf(size: number) {
  const startAt = start
  const entryAt = (i: number): RosterEntry => ({
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
  const activity = summaryOf({ ...fieldsAt(0), id: 'act-1', capacity: size, seatsLeft: 0, startAt, endAt: startAt + 3 * 3600_000 }, now)
  const dates = datesOf(activity)
  const manage = organizerActions({ status: 'published', ...dates, seatsLeft: 0 }, new Date(now))
  const detail: Answer<'activity', 'detail'> = {
    activity: {
      ...activity,
      description: '',
      location: { name: activity.locationName, latitude: 36.06, longitude: 120.31 },
      cancelReason: null,
      coverUrl: null,
    },
    confirmedCount: size,
    waitlistCount: 0,
    mySignup: null,
    myBadge: null,
    waitlistPosition: null,
    action: viewerAction({
      activity: { status: 'published', ...dates, seatsLeft: 0 },
      signup: null,
      profileComplete: true,
      now: new Date(now),
    }),
    checkinWindow: { start: startAt - 30 * 60_000, end: activity.endAt },
    isOrganizer: true,
    manage,
    now,
  }
  /** What manualCheckin answers for entry `i`. */
  const checkedIn = (i: number): Answer<'activity', 'manualCheckin'> => {
    const { id, activityId, status, signedUpAt, checkedOutAt, confirmation, noShow } = entryAt(i)
    return {
      id,
      activityId,
      status,
      signedUpAt,
      checkedInAt: now,
      checkedOutAt,
      manualCheckin: { by: 'local-organizer', at: now },
      confirmation,
      noShow,
    }
  }
  const rosterPage = (from: number, count: number): Answer<'activity', 'roster'> => {
    const items = Array.from({ length: Math.max(0, Math.min(count, size - from)) }, (_, i) => entryAt(from + i))
    return { items, hasMore: from + items.length < size, activity, confirmedCount: size, manage }
  }
  return { detail, activity, manage, entryAt, checkedIn, rosterPage }
}
