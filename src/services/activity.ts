import type { ViewerAction } from '@domain/activity/viewerAction'
import type { ActivityBadgeKey, Badge, OrganizerActions, SignupBadgeKey } from '@domain/activity/badges'
import type { ActivityPhase, ActivityStatus } from '@domain/activity/status'
import type { HoursAssessment } from '@domain/activity/hours'
import { callCloud } from './cloud'
import { requestSubscriptions } from './subscriptions'
import type { ExportFormat, SavedFile } from './files'

/** Instants arrive as epoch milliseconds. */
export interface ActivitySummary {
  id: string
  title: string
  category: string
  teamId: string
  teamName: string
  locationName: string
  startAt: number
  endAt: number
  signupDeadline: number
  capacity: number
  seatsLeft: number
  hours: number
  points: number
  status: ActivityStatus
  phase: ActivityPhase
  /** 草稿 / 报名中 / 已满（可候补）/ 已截止 / 进行中 / 已结束 / 已取消, by the server's clock */
  badge: Badge<ActivityBadgeKey>
  /** the cover's fileID (null: the category's default) and, where answered, a link to show it */
  cover: string | null
  coverUrl?: string | null
}

export interface ActivityFull extends ActivitySummary {
  description: string
  location: { name: string; latitude: number; longitude: number }
  cancelReason: string | null
}

export interface HoursDto {
  hours: number
  points: number
  source: 'measured' | 'organizer'
  /** the organizer who set them: only in the organizer's roster */
  by?: string
  at: number
}

export interface SignupDto {
  id: string
  activityId: string
  status: 'confirmed' | 'waitlisted' | 'cancelled' | 'pending'
  signedUpAt: number
  checkedInAt: number | null
  checkedOutAt: number | null
  manualCheckin: { by?: string; at: number } | null
  confirmation: HoursDto | null
  noShow: boolean
}

export interface ActivityDetailDto {
  activity: ActivityFull
  confirmedCount: number
  waitlistCount: number
  mySignup: SignupDto | null
  myBadge: Badge<SignupBadgeKey> | null
  waitlistPosition: number | null
  action: ViewerAction
  checkinWindow: { start: number; end: number }
  isOrganizer: boolean
  /** what the organizer may do now (null for everyone else) */
  manage: OrganizerActions | null
  now: number
}

export interface MySignupDto extends SignupDto {
  title: string
  locationName: string
  startAt: number
  endAt: number
  activityStatus: ActivityStatus
  phase: ActivityPhase
  waitlistPosition: number | null
  badge: Badge<SignupBadgeKey> | null
}

export interface RosterEntryDto extends SignupDto {
  openid: string
  name: string
  phone: string
  workUnit: string
  noShows: number
  seq: number
  assessment: HoursAssessment
  hoursLog: HoursDto[]
}

export interface CheckinCodeDto {
  activityId: string
  kind: 'checkin' | 'checkout'
  token: string
  /** What the QR code carries: an https link WeChat's own scanner opens at the check-in page (null: no prefix configured). */
  link: string | null
  step: number
  refreshAt: number
  windowStart: number
  windowEnd: number
  now: number
}

export interface VolunteerCardDto {
  name: string | null
  volunteerNo: string
  /** Signed, short-lived: what the card's QR code carries for an organizer to verify. */
  code: string
  codeExpiresAt: string
  hours: number
  points: number
  activities: number
  noShows: number
  teams: { id: string; name: string }[]
  upcoming: number
}

export interface VerifiedVolunteerDto {
  name: string
  volunteerNo: string
  hours: number
  points: number
  activities: number
  teams: string[]
}

export interface LeaderboardDto {
  scope: 'city' | 'team'
  teamId: string | null
  items: { rank: number; name: string; hours: number; points: number; mine: boolean }[]
  me: { hours: number; rank: number | null }
}

export interface ListFilters {
  category?: string
  teamId?: string
  phase?: ActivityPhase
  hasSeats?: boolean
  /** words, each found in the title or the place */
  q?: string
  manage?: boolean
}

/** What the organizer's form sends: instants as epoch ms. */
export interface ActivityInput {
  cover?: string
  title: string
  category: string
  description: string
  location: { name: string; latitude: number; longitude: number }
  startAt: number
  endAt: number
  signupDeadline: number
  capacity: number
  hours: number
  points: number
}

type Page<T> = { items: T[]; hasMore: boolean }

export const activityApi = {
  teams: () => callCloud<{ items: { id: string; name: string }[] }>('activity', 'teams'),
  /** The first page (offset 0) also carries the teams to filter by and what the viewer may do. */
  list: (filters: ListFilters, offset: number, pageSize = 10) =>
    callCloud<
      Page<ActivitySummary & { myBadge: Badge<SignupBadgeKey> | null }> & {
        teams?: { id: string; name: string }[]
        viewer?: { organizer: boolean }
      }
    >('activity', 'list', { ...filters, offset, pageSize }),
  detail: (activityId: string) => callCloud<ActivityDetailDto>('activity', 'detail', { activityId }),
  create: (teamId: string, input: ActivityInput, requestId: string, publish: boolean) =>
    callCloud<ActivityFull>('activity', 'create', { teamId, ...input, requestId, publish }),
  update: (activityId: string, input: Partial<ActivityInput>) => callCloud<ActivityFull>('activity', 'update', { activityId, ...input }),
  publish: (activityId: string) => callCloud<ActivityFull>('activity', 'publish', { activityId }),
  cancelActivity: (activityId: string, reason?: string) =>
    callCloud<{ notified: number }>('activity', 'cancelActivity', { activityId, reason }),
  /** In the 报名 tap: asks for the waitlist-promotion message first (WeChat allows it only there). */
  signup: (activityId: string) => {
    void requestSubscriptions('signup')
    return callCloud<{ status: 'confirmed' | 'waitlisted'; waitlistPosition: number | null; repeated: boolean; detail: ActivityDetailDto }>(
      'activity',
      'signup',
      { activityId },
    )
  },
  cancelSignup: (activityId: string) => callCloud<{ status: 'cancelled' }>('activity', 'cancelSignup', { activityId }),
  mySignups: (filter: 'upcoming' | 'waitlisted' | 'past', offset: number) =>
    callCloud<Page<MySignupDto>>('activity', 'mySignups', { filter, offset, pageSize: 20 }),
  checkinCode: (activityId: string, kind: 'checkin' | 'checkout') =>
    callCloud<CheckinCodeDto>('activity', 'checkinCode', { activityId, kind }),
  scan: (kind: 'checkin' | 'checkout', token: string, activityId?: string) =>
    callCloud<{ title: string; repeated: boolean; signup: SignupDto; detail: ActivityDetailDto }>('activity', kind, { token, activityId }),
  manualCheckin: (activityId: string, openid: string) => callCloud<SignupDto>('activity', 'manualCheckin', { activityId, openid }),
  roster: (activityId: string, offset: number) =>
    callCloud<Page<RosterEntryDto> & { activity: ActivitySummary; confirmedCount: number; manage: OrganizerActions }>(
      'activity',
      'roster',
      {
        activityId,
        offset,
        pageSize: 50,
      },
    ),
  confirmHours: (activityId: string, entries: { openid: string; hours?: number }[]) =>
    callCloud<{ results: (Required<HoursDto> & { openid: string; changed: boolean })[] }>('activity', 'confirmHours', {
      activityId,
      entries,
    }),
  exportRoster: (activityId: string, format: ExportFormat) =>
    callCloud<SavedFile & { rows: number }>('activity', 'exportRoster', { activityId, format }),
  hoursReport: (teamId: string, month: string, format: ExportFormat) =>
    callCloud<SavedFile & { rows: number }>('activity', 'hoursReport', { teamId, month, format }),
  activityCode: (activityId: string) =>
    callCloud<{ activityId: string; title: string; code: SavedFile }>('activity', 'activityCode', { activityId }),
  volunteerCard: () => callCloud<VolunteerCardDto>('activity', 'volunteerCard'),
  verifyVolunteerCard: (code: string) => callCloud<VerifiedVolunteerDto>('activity', 'verifyVolunteerCard', { code }),
  leaderboard: (scope: 'city' | 'team', teamId?: string) => callCloud<LeaderboardDto>('activity', 'leaderboard', { scope, teamId }),
}

export const ACTIVITY_PAGES = {
  list: '/packages/activity/pages/list/index',
  detail: '/packages/activity/pages/detail/index',
  mine: '/packages/activity/pages/mine/index',
  card: '/packages/activity/pages/card/index',
  form: '/packages/activity/pages/form/index',
  roster: '/packages/activity/pages/roster/index',
  checkin: '/packages/activity/pages/checkin/index',
  scan: '/packages/activity/pages/scan/index',
}
