import type { ViewerAction } from '@domain/activity/viewerAction'
import type { ActivityPhase, ActivityStatus } from '@domain/activity/status'
import type { HoursAssessment } from '@domain/activity/hours'
import { callCloud } from './cloud'

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
  waitlistPosition: number | null
  action: ViewerAction
  checkinWindow: { start: number; end: number }
  isOrganizer: boolean
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
  step: number
  refreshAt: number
  windowStart: number
  windowEnd: number
  now: number
}

export interface VolunteerCardDto {
  hours: number
  points: number
  activities: number
  noShows: number
  teams: { id: string; name: string }[]
  upcoming: number
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
  manage?: boolean
}

/** What the organizer's form sends: instants as epoch ms. */
export interface ActivityInput {
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
    callCloud<Page<ActivitySummary> & { teams?: { id: string; name: string }[]; viewer?: { organizer: boolean } }>('activity', 'list', {
      ...filters,
      offset,
      pageSize,
    }),
  detail: (activityId: string) => callCloud<ActivityDetailDto>('activity', 'detail', { activityId }),
  create: (teamId: string, input: ActivityInput, requestId: string, publish: boolean) =>
    callCloud<ActivityFull>('activity', 'create', { teamId, ...input, requestId, publish }),
  update: (activityId: string, input: Partial<ActivityInput>) => callCloud<ActivityFull>('activity', 'update', { activityId, ...input }),
  publish: (activityId: string) => callCloud<ActivityFull>('activity', 'publish', { activityId }),
  cancelActivity: (activityId: string, reason?: string) =>
    callCloud<{ notified: number }>('activity', 'cancelActivity', { activityId, reason }),
  signup: (activityId: string) =>
    callCloud<{ status: 'confirmed' | 'waitlisted'; waitlistPosition: number | null; repeated: boolean; detail: ActivityDetailDto }>(
      'activity',
      'signup',
      {
        activityId,
      },
    ),
  cancelSignup: (activityId: string) => callCloud<{ status: 'cancelled' }>('activity', 'cancelSignup', { activityId }),
  mySignups: (filter: 'upcoming' | 'waitlisted' | 'past', offset: number) =>
    callCloud<Page<MySignupDto>>('activity', 'mySignups', { filter, offset, pageSize: 20 }),
  checkinCode: (activityId: string, kind: 'checkin' | 'checkout') =>
    callCloud<CheckinCodeDto>('activity', 'checkinCode', { activityId, kind }),
  scan: (kind: 'checkin' | 'checkout', token: string, activityId: string) =>
    callCloud<{ title: string; repeated: boolean; signup: SignupDto }>('activity', kind, { token, activityId }),
  manualCheckin: (activityId: string, openid: string) => callCloud<SignupDto>('activity', 'manualCheckin', { activityId, openid }),
  roster: (activityId: string, offset: number) =>
    callCloud<Page<RosterEntryDto> & { activity: ActivitySummary; confirmedCount: number }>('activity', 'roster', {
      activityId,
      offset,
      pageSize: 50,
    }),
  confirmHours: (activityId: string, entries: { openid: string; hours?: number }[]) =>
    callCloud<{ results: (Required<HoursDto> & { openid: string; changed: boolean })[] }>('activity', 'confirmHours', {
      activityId,
      entries,
    }),
  exportRoster: (activityId: string) =>
    callCloud<{ fileID: string; url: string; rows: number }>('activity', 'exportRoster', { activityId }),
  volunteerCard: () => callCloud<VolunteerCardDto>('activity', 'volunteerCard'),
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
}
