/**
 * The activity function's action table: each action's input schema, who may call it, and the use case
 * it runs (browse, signup, organizer, checkin, roster, volunteer, exports). Its types are the app's
 * contract (functions/contract.ts).
 */
import { action, defineFunction, type DeployOptions } from '../_lib/define'
import * as s from '../_lib/schema'
import { monthInput } from '../_lib/exports'
import { activityPage, listActivities, teams } from './browse'
import { cancelActivity, createActivity, publishActivity, updateActivity } from './organizer'
import { cancelSignup, joinActivity } from './signup'
import { checkinCode, manualCheckin, scan } from './checkin'
import { confirmHours, exportRoster, roster } from './roster'
import { leaderboard, mySignups, verifyVolunteerCard, volunteerCard } from './volunteer'
import { activityCode, hoursReport } from './exports'
import { mediaRef } from '../_lib/media'

const PHASES = ['upcoming', 'ongoing', 'past'] as const
const FORMATS = ['csv', 'xlsx'] as const

// Types are checked here; the rules (lengths, ranges, order of times) by the domain, with the form's messages.
const draftFields = {
  title: s.string({ max: 200 }),
  category: s.string({ max: 20 }),
  description: s.optional(s.string({ max: 5000, trim: false })),
  location: s.object({ name: s.string({ max: 200 }), latitude: s.number(), longitude: s.number() }),
  startAt: s.instant(),
  endAt: s.instant(),
  signupDeadline: s.instant(),
  capacity: s.number(),
  hours: s.number(),
  points: s.number(),
  cover: s.optional(mediaRef('covers')),
}

const activityRef = { activityId: s.id() }
const scanInput = s.object({ token: s.string({ min: 1, max: 400 }), activityId: s.optional(s.id()) })

/** What CloudBase must know to run it: written into config.json and cloudbaserc.json by the build. */
const deployment: DeployOptions = {
  // signup runs a seat transaction (retried under contention) and may notify the promoted; exportRoster uploads a file
  timeoutSeconds: 10,
  // activityCode draws the poster code of a published activity
  openapi: ['subscribeMessage.send', 'wxacode.getUnlimited'],
  envVariables: ['CHECKIN_SECRET', 'CHECKIN_URL_PREFIX'],
}

export const activityFunction = defineFunction('activity', deployment, {
  teams: action({
    access: 'user',
    input: s.object({}),
    handler: (ctx) => teams(ctx),
  }),

  /** The first page (offset 0) also answers the teams to filter by and whether the viewer organizes. */
  list: action({
    access: 'user',
    input: s.object({
      category: s.optional(s.string({ max: 20 })),
      teamId: s.optional(s.id()),
      phase: s.optional(s.oneOf(PHASES)),
      hasSeats: s.optional(s.boolean()),
      /** words, each found in the title or the place */
      q: s.optional(s.string({ max: 50 })),
      /** organizer: the activities of the caller's teams in every status, drafts included */
      manage: s.optional(s.boolean()),
      ...s.page,
    }),
    handler: listActivities,
  }),

  detail: action({
    access: 'user',
    input: s.object(activityRef),
    handler: (ctx, { activityId }) => activityPage(ctx, activityId),
  }),

  create: action({
    access: 'organizer',
    input: s.object({
      teamId: s.id(),
      ...draftFields,
      /** makes a retried create return the first one */
      requestId: s.optional(s.id()),
      publish: s.optional(s.boolean()),
    }),
    handler: createActivity,
  }),

  update: action({
    access: 'organizer',
    input: s.object({
      ...activityRef,
      title: s.optional(draftFields.title),
      category: s.optional(draftFields.category),
      description: draftFields.description,
      location: s.optional(draftFields.location),
      startAt: s.optional(draftFields.startAt),
      endAt: s.optional(draftFields.endAt),
      signupDeadline: s.optional(draftFields.signupDeadline),
      capacity: s.optional(draftFields.capacity),
      hours: s.optional(draftFields.hours),
      points: s.optional(draftFields.points),
      cover: draftFields.cover,
    }),
    handler: (ctx, { activityId, ...changes }) => updateActivity(ctx, activityId, changes),
  }),

  publish: action({
    access: 'organizer',
    input: s.object(activityRef),
    handler: (ctx, { activityId }) => publishActivity(ctx, activityId),
  }),

  cancelActivity: action({
    access: 'organizer',
    input: s.object({ ...activityRef, reason: s.optional(s.string({ max: 200 })) }),
    handler: (ctx, { activityId, reason }) => cancelActivity(ctx, activityId, reason),
  }),

  signup: action({
    access: 'user',
    input: s.object(activityRef),
    handler: (ctx, { activityId }) => joinActivity(ctx, activityId),
  }),

  cancelSignup: action({
    access: 'user',
    input: s.object(activityRef),
    handler: (ctx, { activityId }) => cancelSignup(ctx, activityId),
  }),

  mySignups: action({
    access: 'user',
    input: s.object({ filter: s.optional(s.oneOf(['upcoming', 'waitlisted', 'past'] as const)), ...s.page }),
    handler: (ctx, { filter, offset = 0, pageSize = 20 }) => mySignups(ctx, filter, offset, pageSize),
  }),

  checkinCode: action({
    access: 'organizer',
    input: s.object({ ...activityRef, kind: s.optional(s.oneOf(['checkin', 'checkout'] as const)) }),
    handler: (ctx, { activityId, kind = 'checkin' }) => checkinCode(ctx, activityId, kind),
  }),

  checkin: action({
    access: 'user',
    input: scanInput,
    handler: (ctx, { token, activityId }) => scan(ctx, 'checkin', token, activityId),
  }),

  checkout: action({
    access: 'user',
    input: scanInput,
    handler: (ctx, { token, activityId }) => scan(ctx, 'checkout', token, activityId),
  }),

  manualCheckin: action({
    access: 'organizer',
    input: s.object({ ...activityRef, openid: s.string({ min: 1, max: 64 }) }),
    handler: (ctx, { activityId, openid }) => manualCheckin(ctx, activityId, openid),
  }),

  roster: action({
    access: 'organizer',
    input: s.object({ ...activityRef, ...s.page }),
    handler: (ctx, { activityId, offset = 0, pageSize = 50 }) => roster(ctx, activityId, offset, pageSize),
  }),

  confirmHours: action({
    access: 'organizer',
    input: s.object({
      ...activityRef,
      entries: s.array(s.object({ openid: s.string({ min: 1, max: 64 }), hours: s.optional(s.number({ min: 0, max: 24 * 7 })) }), {
        min: 1,
        max: 50,
      }),
    }),
    handler: (ctx, { activityId, entries }) => confirmHours(ctx, activityId, entries),
  }),

  leaderboard: action({
    access: 'user',
    input: s.object({ scope: s.oneOf(['city', 'team'] as const), teamId: s.optional(s.id()) }),
    handler: (ctx, { scope, teamId }) => leaderboard(ctx, scope, teamId),
  }),

  /** 志愿者证: who, the volunteer number, teams and totals, and a signed short-lived code to show. */
  volunteerCard: action({
    access: 'user',
    input: s.object({}),
    handler: (ctx) => volunteerCard(ctx),
  }),

  /** An organizer scans a 志愿者证's code: whose card it is and their totals, if the code is genuine and fresh. */
  verifyVolunteerCard: action({
    access: 'organizer',
    input: s.object({ code: s.string({ max: 300 }) }),
    handler: (ctx, { code }) => verifyVolunteerCard(ctx, code),
  }),

  /** The roster with hours, as CSV (default) or XLSX, at an unguessable path with a short-lived link. */
  exportRoster: action({
    access: 'organizer',
    input: s.object({ ...activityRef, format: s.optional(s.oneOf(FORMATS)) }),
    handler: (ctx, { activityId, format = 'csv' }) => exportRoster(ctx, activityId, format),
  }),

  /** A team's volunteer hours in a Shanghai month (organizers of the team, admins). */
  hoursReport: action({
    access: 'user',
    input: s.object({
      teamId: s.id(),
      month: monthInput,
      format: s.optional(s.oneOf(FORMATS)),
    }),
    handler: (ctx, { teamId, month, format = 'xlsx' }) => hoursReport(ctx, teamId, month, format),
  }),

  /** A published activity's printable mini-program code, opening its detail page. */
  activityCode: action({
    access: 'organizer',
    input: s.object(activityRef),
    handler: (ctx, { activityId }) => activityCode(ctx, activityId),
  }),
})
