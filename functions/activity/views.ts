/** What the actions answer: instants as epoch milliseconds, no internal fields. */
import { activityPhase } from '../../domain/activity/status'
import { activityBadge, signupBadge } from '../../domain/activity/badges'
import { assessHours } from '../../domain/activity/hours'
import type { ActivityRecord, HoursRecord, SignupRecord } from './records'

const ms = (date: Date | null | undefined) => (date ? new Date(date).getTime() : null)

export function activitySummary(activity: ActivityRecord, now: Date) {
  return {
    id: activity._id,
    title: activity.title,
    category: activity.category,
    teamId: activity.teamId,
    teamName: activity.teamName,
    locationName: activity.location.name,
    startAt: activity.startAt.getTime(),
    endAt: activity.endAt.getTime(),
    signupDeadline: activity.signupDeadline.getTime(),
    capacity: activity.capacity,
    seatsLeft: activity.seatsLeft,
    hours: activity.hours,
    points: activity.points,
    status: activity.status,
    phase: activityPhase(activity, now),
    badge: activityBadge(activity, now),
    cover: activity.cover ?? null,
  }
}

export function activityDetail(activity: ActivityRecord, now: Date) {
  return {
    ...activitySummary(activity, now),
    description: activity.description,
    location: activity.location,
    cancelReason: activity.cancelReason,
  }
}

/** Hours as the volunteer sees them: whether an organizer set them, not which organizer (their OPENID is theirs). */
function hoursView(record: HoursRecord | null) {
  return record ? { hours: record.hours, points: record.points, source: record.source, at: record.at.getTime() } : null
}

/** Hours with who set them, for the organizers of the activity (the audit trail). */
function auditedHoursView(record: HoursRecord | null) {
  return record ? { ...hoursView(record)!, by: record.by } : null
}

export function signupView(signup: SignupRecord) {
  return {
    id: signup._id,
    activityId: signup.activityId,
    status: signup.status,
    signedUpAt: signup.signedUpAt.getTime(),
    checkedInAt: ms(signup.checkedInAt),
    checkedOutAt: ms(signup.checkedOutAt),
    manualCheckin: signup.manualCheckin ? { at: signup.manualCheckin.at.getTime() } : null,
    confirmation: hoursView(signup.confirmation),
    noShow: signup.noShow,
  }
}

/** A signup as the activity's organizers see it: with who checked in by hand and who confirmed. */
export function organizerSignupView(signup: SignupRecord) {
  return {
    ...signupView(signup),
    manualCheckin: signup.manualCheckin ? { by: signup.manualCheckin.by, at: signup.manualCheckin.at.getTime() } : null,
    confirmation: auditedHoursView(signup.confirmation),
  }
}

/** A signup in "my activities": enough of the activity to list it without another call. */
export function mySignupView(signup: SignupRecord, now: Date, waitlistPosition: number | null) {
  return {
    ...signupView(signup),
    waitlistPosition,
    badge: signupBadge(signup, waitlistPosition),
    title: signup.title,
    locationName: signup.locationName,
    startAt: signup.startAt.getTime(),
    endAt: signup.endAt.getTime(),
    activityStatus: signup.activityStatus,
    phase: activityPhase(signup, now),
  }
}

export function rosterEntry(
  signup: SignupRecord,
  activity: ActivityRecord,
  person: { name: string; phone: string; workUnit: string; noShows: number },
) {
  return {
    ...organizerSignupView(signup),
    openid: signup.openid,
    ...person,
    seq: signup.seq,
    /** what the scans suggest before confirmation */
    assessment: assessHours(signup, activity.hours),
    hoursLog: signup.hoursLog.map(auditedHoursView),
  }
}
