/** The activity service's collections and the shape of their documents. */
import type { ActivityDraft } from '../../domain/activity/draft'
import type { ActivityStatus } from '../../domain/activity/status'
import type { SignupStatus } from '../../domain/activity/signup'

export const TEAMS = 'teams'
export const ACTIVITIES = 'activities'
export const SIGNUPS = 'activitySignups'
export const VOLUNTEER_STATS = 'volunteerStats'
export const VOLUNTEER_TEAM_STATS = 'volunteerTeamStats'

export interface TeamRecord {
  _id: string
  name: string
}

/** What the organizer wrote (the draft), plus what the service keeps. */
export interface ActivityRecord extends ActivityDraft {
  _id: string
  /** capacity − confirmed signups; every seat is taken and given back with a conditional `_.inc`. */
  seatsLeft: number
  /** grows whenever `seatsLeft` changes: the reconciliation writes only if it did not change */
  seatsVersion?: number
  /** when a seat was last taken or given back (the reconciliation waits until this is old) */
  seatsMovedAt?: Date
  teamId: string
  teamName: string
  status: ActivityStatus
  createdBy: string
  createdAt: Date
  updatedAt: Date
  publishedAt: Date | null
  cancelledAt: Date | null
  cancelReason: string | null
  /** the cover's fileID (functions/_lib/media.ts); none: the category's default */
  cover?: string | null
}

/** 'pending': left by an earlier version of the signup (a request still deciding); read as not signed up. */
export type StoredSignupStatus = SignupStatus | 'pending'

export interface HoursRecord {
  hours: number
  points: number
  /** 'measured': what the scans say; 'organizer': set by the organizer (adjusted, added by hand). */
  source: 'measured' | 'organizer'
  by: string
  at: Date
}

export interface SignupRecord {
  /** `${activityId}:${openid}` — one signup per person per activity. */
  _id: string
  activityId: string
  openid: string
  status: StoredSignupStatus
  /** arrival order: the server's arrival time in microseconds, unique per activity; orders the waitlist */
  seq: number
  signedUpAt: Date
  /** when the request that wrote the signup ran */
  claimedAt: Date
  cancelledAt: Date | null
  // A copy of the activity's fields that lists and the overlap rule need without a join.
  title: string
  teamId: string
  startAt: Date
  endAt: Date
  locationName: string
  activityStatus: ActivityStatus
  checkedInAt: Date | null
  checkedOutAt: Date | null
  /** who checked the person in by hand, when it was not a scan */
  manualCheckin: { by: string; at: Date } | null
  confirmation: HoursRecord | null
  /** every confirmation and adjustment, for the audit trail */
  hoursLog: HoursRecord[]
  noShow: boolean
}

export interface VolunteerStatsRecord {
  /** openid */
  _id: string
  name: string
  hours: number
  points: number
  activities: number
  noShows: number
  teams: string[]
  updatedAt: Date
}

export interface VolunteerTeamStatsRecord {
  /** `${teamId}_${openid}` */
  _id: string
  teamId: string
  openid: string
  name: string
  hours: number
  points: number
  updatedAt: Date
}

export function signupId(activityId: string, openid: string): string {
  return `${activityId}:${openid}`
}

export function teamStatsId(teamId: string, openid: string): string {
  return `${teamId}_${openid}`
}
