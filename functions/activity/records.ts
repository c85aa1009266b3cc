/** The activity service's collections and the shape of their documents. */
import type { ActivityDraft } from '../../domain/activity/draft'
import type { ActivityStatus } from '../../domain/activity/status'
import type { SignupStatus } from '../../domain/activity/signup'

export const TEAMS = 'teams'
export const ACTIVITIES = 'activities'
export const ACTIVITY_ARRIVALS = 'activityArrivals'
export const SIGNUPS = 'activitySignups'
export const VOLUNTEER_STATS = 'volunteerStats'
export const VOLUNTEER_TEAM_STATS = 'volunteerTeamStats'
export const VOLUNTEER_SCHEDULES = 'volunteerSchedules'

export interface TeamRecord {
  _id: string
  name: string
}

/** What the organizer wrote (the draft), plus what the service keeps. */
export interface ActivityRecord extends ActivityDraft {
  _id: string
  /** capacity − confirmed signups; every seat is taken and given back with a conditional `_.inc`. */
  seatsLeft: number
  /**
   * Seats taken by signup requests that have not yet recorded the result (`seatKey`): taken and
   * listed in one atomic update, so a request that dies midway leaves a seat that can be given back.
   */
  seatsInFlight?: string[]
  /** grows whenever a seat is listed in flight: the reconciliation writes only if it did not change */
  seatsVersion?: number
  teamId: string
  teamName: string
  status: ActivityStatus
  createdBy: string
  createdAt: Date
  updatedAt: Date
  publishedAt: Date | null
  cancelledAt: Date | null
  cancelReason: string | null
}

/** `_id` = activityId; `signups` lists signup ids in the order their requests arrived (atomic `_.push`). */
export interface ArrivalsRecord {
  _id: string
  signups: string[]
}

/**
 * 'pending' marks a signup whose request is still deciding between a seat and the waitlist; it
 * exists so that two simultaneous requests of one person make one signup.
 */
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
  /** arrival order within the activity (position in its arrivals list); orders the waitlist */
  seq: number
  signedUpAt: Date
  /** when 'pending' was taken, so a request that died midway can be taken over */
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

/**
 * One per person (`_id` = openid). `version` grows in the same transaction that confirms a seat to
 * the person: a confirmation whose overlap check ran before another one committed sees the version
 * changed and checks again, so no one is confirmed for two overlapping activities.
 */
export interface VolunteerScheduleRecord {
  _id: string
  version: number
}

/** Names the seat one signup attempt (the claim at `claimedAt`) took, in `seatsInFlight`. */
export function seatKey(signup: Pick<SignupRecord, '_id' | 'claimedAt'>): string {
  return `${signup._id}@${new Date(signup.claimedAt).getTime()}`
}

export function signupId(activityId: string, openid: string): string {
  return `${activityId}:${openid}`
}

export function teamStatsId(teamId: string, openid: string): string {
  return `${teamId}_${openid}`
}
