import { action, defineFunction, type ActionContext, type DeployOptions } from '../_lib/define'
import { requireSetting } from '../_lib/env'
import { fieldMessage } from '../../domain/fieldLabels'
import { readPage } from '../_lib/paging'
import { AppError } from '../_lib/envelope'
import { notify } from '../_lib/notify'
import * as s from '../_lib/schema'
import { validateActivityDraft, type ActivityDraft } from '../../domain/activity/draft'
import { canOrganizerCheckIn, checkSignupCancel, checkinWindow, decideScan, type ScanKind } from '../../domain/activity/signup'
import { checkActivityTransition, isActivityEditable } from '../../domain/activity/status'
import { issueToken, nextRotationAt, tokenStep, verifyToken } from '../../domain/activity/token'
import { USERS, type UserRecord } from '../_lib/caller'
import { searchWords } from '../../domain/search'
import { maskName } from '../../domain/profile'
import { issueCardCode, verifyCardCode, volunteerNumber } from '../../domain/activity/volunteerCard'
import { viewerAction } from '../../domain/activity/viewerAction'
import { organizerActions, signupBadge } from '../../domain/activity/badges'
import { sha256Hex } from '../../domain/crypto'
import { checkinLink, tokenFromScan } from '../../domain/links'
import { formatTimeRangeCn } from '../../domain/time'
import { applyCredit, planCredit } from './credit'
import { rosterSheet, type Person } from './reports'
import { exportTable, monthInput } from '../_lib/exports'
import { activityCode, hoursReport } from './exports'
import {
  ACTIVITIES,
  SIGNUPS,
  TEAMS,
  VOLUNTEER_STATS,
  VOLUNTEER_TEAM_STATS,
  type ActivityRecord,
  type SignupRecord,
  type TeamRecord,
  type VolunteerStatsRecord,
  type VolunteerTeamStatsRecord,
} from './records'
import { cancelOwnSignup, fillFreeSeats, signUp, withSeatsReconciled } from './seats'
import { volunteerTotals } from './totals'
import { findById, isDuplicateKey } from '../_lib/documents'
import { findSignup, organizedActivity, organizes, people, visibleActivity, waitlistPosition, waitlistPositions } from './store'
import { acceptMedia, mediaRef, withMediaUrl, withMediaUrls } from '../_lib/media'
import { activityDetail, activitySummary, mySignupView, organizerSignupView, rosterEntry, signupView } from './views'

const PHASES = ['upcoming', 'ongoing', 'past'] as const
const LIVE_SIGNUP = ['confirmed', 'waitlisted']

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
type DraftInput = { [K in keyof typeof draftFields]: ReturnType<(typeof draftFields)[K]['parse']> }

const activityRef = { activityId: s.id() }

function checkDraft(draft: ActivityDraft, now?: Date): void {
  const errors = validateActivityDraft(draft, { now })
  const [field, message] = Object.entries(errors)[0] ?? []
  if (field) throw new AppError('INVALID_ARGUMENT', fieldMessage(field, message))
}

function toDraft(input: DraftInput): ActivityDraft {
  return { ...input, description: input.description ?? '' }
}

async function teamName(ctx: ActionContext, teamId: string): Promise<string> {
  return (await findById<TeamRecord>(ctx.db, TEAMS, teamId))?.name ?? `服务队 ${teamId}`
}

async function requireActivity(ctx: ActionContext, activityId: string): Promise<ActivityRecord> {
  const activity = await findById<ActivityRecord>(ctx.db, ACTIVITIES, activityId)
  if (!activity) throw new AppError('NOT_FOUND', '活动不存在')
  return activity
}

/** The named teams among the given ids: one request, none for no teams. */
async function teamsNamed(ctx: ActionContext, ids: string[]): Promise<{ data: TeamRecord[] }> {
  if (!ids.length) return { data: [] }
  return ctx.db
    .collection<TeamRecord>(TEAMS)
    .where({ _id: ctx._.in(ids) })
    .get()
}

/** `scanned`: the token, or the check-in link that carries it (what a scanner reads from the code). */
async function scan(ctx: ActionContext, kind: ScanKind, scanned: string, expectedActivityId?: string) {
  const token = tokenFromScan(scanned) ?? scanned
  const check = verifyToken(requireSetting(ctx.env, 'checkinSecret'), token, ctx.now, { activityId: expectedActivityId, kind })
  if (!check.ok) throw new AppError(check.code, check.message)
  const activity = await requireActivity(ctx, check.activityId)
  const signup = await findSignup(ctx, activity._id, ctx.openid)
  const live = signup && signup.status !== 'pending' ? { ...signup, status: signup.status } : null
  const decision = decideScan(kind, { activity, signup: live, now: ctx.now })
  if (!decision.ok) throw new AppError(decision.code, decision.message)
  const field = kind === 'checkin' ? 'checkedInAt' : 'checkedOutAt'
  if (!decision.repeated) {
    await ctx.db
      .collection(SIGNUPS)
      .where({ _id: signup!._id, status: 'confirmed', [field]: null })
      .update({ data: { [field]: ctx.now } })
  }
  const updated = (await findSignup(ctx, activity._id, ctx.openid))!
  return {
    activityId: activity._id,
    title: activity.title,
    kind,
    repeated: decision.repeated,
    signup: signupView(updated),
    detail: await readDetail(ctx, activity),
  }
}

/** The detail view read afresh: the caller's signup, their waitlist place and the waitlist's length. */
async function readDetail(ctx: ActionContext, activity: ActivityRecord) {
  const signup = await findSignup(ctx, activity._id, ctx.openid)
  const position = signup ? await waitlistPosition(ctx, signup) : null
  const { total: waitlistCount } = await ctx.db.collection(SIGNUPS).where({ activityId: activity._id, status: 'waitlisted' }).count()
  return detailView(ctx, activity, signup, position, waitlistCount)
}

async function forEachLiveSignup(ctx: ActionContext, activityId: string, visit: (page: SignupRecord[]) => Promise<void>): Promise<void> {
  const PAGE = 100
  for (let offset = 0; ; offset += PAGE) {
    const { data } = await ctx.db
      .collection<SignupRecord>(SIGNUPS)
      .where({ activityId, status: ctx._.in(LIVE_SIGNUP) })
      .orderBy('seq', 'asc')
      .skip(offset)
      .limit(PAGE)
      .get()
    if (data.length > 0) await visit(data)
    if (data.length < PAGE) return
  }
}

/**
 * An activity's page as the caller sees it: the main button, their own entry and, for its organizer,
 * the actions allowed now. The volunteer actions answer it too, so the screen shows the new state at once.
 */
async function detailView(
  ctx: ActionContext,
  activity: ActivityRecord,
  signup: SignupRecord | null,
  position: number | null,
  waitlistCount: number,
) {
  const caller = await ctx.caller()
  const window = checkinWindow(activity)
  const isOrganizer = organizes(caller, activity.teamId)
  return {
    activity: await withMediaUrl(ctx, activityDetail(activity, ctx.now), 'cover'),
    confirmedCount: activity.capacity - activity.seatsLeft,
    waitlistCount,
    mySignup: signup && signup.status !== 'cancelled' ? signupView(signup) : null,
    myBadge: signup ? signupBadge(signup, position) : null,
    waitlistPosition: position,
    action: viewerAction({ activity, signup, profileComplete: caller.profileComplete, now: ctx.now }),
    checkinWindow: { start: window.start.getTime(), end: window.end.getTime() },
    isOrganizer,
    manage: isOrganizer ? organizerActions(activity, ctx.now) : null,
    now: ctx.now.getTime(),
  }
}

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
    async handler(ctx) {
      const { data } = await ctx.db.collection<TeamRecord>(TEAMS).limit(100).get()
      return { items: data.map((team) => ({ id: team._id, name: team.name })) }
    },
  }),

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
    async handler(ctx, input) {
      const _ = ctx._
      const { offset = 0, pageSize = 20, phase } = input
      const where: Record<string, unknown> = {}
      if (input.manage) {
        const caller = await ctx.caller()
        if (!caller.roles.has('organizer') && !caller.roles.has('admin')) throw new AppError('FORBIDDEN', '只有组织者可以管理活动')
        if (input.teamId && !organizes(caller, input.teamId)) throw new AppError('FORBIDDEN', '只能管理本服务队的活动')
        if (!caller.roles.has('admin')) where.teamId = _.in(caller.organizerTeams)
      } else {
        where.status = _.in(['published', 'finished'])
      }
      if (input.teamId) where.teamId = input.teamId
      if (input.category) where.category = input.category
      if (phase === 'upcoming') where.startAt = _.gt(ctx.now)
      if (phase === 'ongoing') Object.assign(where, { startAt: _.lte(ctx.now), endAt: _.gt(ctx.now) })
      if (phase === 'past') where.endAt = _.lte(ctx.now)
      if (input.hasSeats) where.seatsLeft = _.gt(0)
      // Each word in the title or the place: still one query, however many words (at most 5).
      const words = searchWords(input.q).map((word) =>
        _.or([
          { title: ctx.db.RegExp({ regexp: word, options: 'i' }) },
          { 'location.name': ctx.db.RegExp({ regexp: word, options: 'i' }) },
        ]),
      )
      const page = await readPage(
        ctx.db
          .collection<ActivityRecord>(ACTIVITIES)
          .where(words.length ? _.and([where, ...words]) : where)
          .orderBy('startAt', phase === 'past' ? 'desc' : 'asc'),
        offset,
        pageSize,
      )
      // "已报名" marks in the list: the caller's own live signups among this page (one read). Seats held
      // by dead requests are given back by detail and the timed trigger, so a page costs the same whatever it holds.
      const activities = page.items
      const ids = activities.map((a) => a._id)
      const { data: mine } = ids.length
        ? await ctx.db
            .collection<SignupRecord>(SIGNUPS)
            .where({ openid: ctx.openid, activityId: _.in(ids), status: _.in(LIVE_SIGNUP) })
            .limit(100)
            .get()
        : { data: [] as SignupRecord[] }
      const byActivity = new Map(mine.map((signup) => [signup.activityId, signup]))
      const rows = activities.map((a) => {
        const signup = byActivity.get(a._id)
        return { ...activitySummary(a, ctx.now), myBadge: signup ? signupBadge(signup, null) : null }
      })
      const items = await withMediaUrls(ctx, rows, 'cover')
      if (offset > 0) return { items, hasMore: page.hasMore }
      // The first page also answers what the screen needs around it, so opening the list is one call.
      const [caller, { data: teams }] = await Promise.all([ctx.caller(), ctx.db.collection<TeamRecord>(TEAMS).limit(100).get()])
      return {
        items,
        hasMore: page.hasMore,
        teams: teams.map((team) => ({ id: team._id, name: team.name })),
        viewer: { organizer: caller.roles.has('organizer') || caller.roles.has('admin') },
      }
    },
  }),

  detail: action({
    access: 'user',
    input: s.object(activityRef),
    async handler(ctx, { activityId }) {
      const activity = await withSeatsReconciled(ctx, await visibleActivity(ctx, activityId))
      const signup = await findSignup(ctx, activityId, ctx.openid)
      const position = signup ? await waitlistPosition(ctx, signup) : null
      const { total: waitlistCount } = await ctx.db.collection(SIGNUPS).where({ activityId, status: 'waitlisted' }).count()
      return detailView(ctx, activity, signup, position, waitlistCount)
    },
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
    async handler(ctx, { teamId, requestId, publish, ...fields }) {
      const caller = await ctx.caller()
      if (!organizes(caller, teamId)) throw new AppError('FORBIDDEN', '只能为本服务队发布活动')
      const draft = toDraft(fields)
      checkDraft(draft, ctx.now)
      await acceptMedia(ctx, fields.cover, 'covers')
      const record: Omit<ActivityRecord, '_id'> = {
        ...draft,
        title: draft.title.trim(),
        location: { ...draft.location, name: draft.location.name.trim() },
        seatsLeft: draft.capacity,
        teamId,
        teamName: await teamName(ctx, teamId),
        status: publish ? 'published' : 'draft',
        createdBy: ctx.openid,
        createdAt: ctx.now,
        updatedAt: ctx.now,
        publishedAt: publish ? ctx.now : null,
        cancelledAt: null,
        cancelReason: null,
      }
      const id = requestId ? `a${sha256Hex(`${ctx.openid}|${requestId}`).slice(0, 23)}` : undefined
      let activityId: string
      try {
        activityId = (await ctx.db.collection(ACTIVITIES).add({ data: id ? { _id: id, ...record } : record }))._id
      } catch (error) {
        if (!id || !isDuplicateKey(error)) throw error
        activityId = id
      }
      return activityDetail(await requireActivity(ctx, activityId), ctx.now)
    },
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
    async handler(ctx, { activityId, ...changes }) {
      const _ = ctx._
      await acceptMedia(ctx, changes.cover, 'covers')
      for (let attempt = 0; attempt < 5; attempt++) {
        const activity = await organizedActivity(ctx, activityId)
        if (!isActivityEditable(activity.status)) throw new AppError('CONFLICT', '活动已取消或已结束，不能修改')
        // `s.object` leaves absent keys out, so spreading keeps the stored value of every field not sent.
        const draft: ActivityDraft = { ...activity, ...(changes as Partial<ActivityDraft>) }
        const timesMoved = ['startAt', 'signupDeadline'].some((key) => key in changes)
        checkDraft(draft, timesMoved || activity.status === 'draft' ? ctx.now : undefined)
        const confirmed = activity.capacity - activity.seatsLeft
        if (draft.capacity < confirmed) throw new AppError('CONFLICT', `招募人数不能少于已获得名额的 ${confirmed} 人`)
        const data = {
          ...changes,
          location: _.set(draft.location),
          seatsLeft: _.inc(draft.capacity - activity.capacity),
          updatedAt: ctx.now,
        }
        // Conditional on the capacity and seats read: a seat taken meanwhile makes this retry with fresh numbers.
        const { stats } = await ctx.db
          .collection(ACTIVITIES)
          .where({ _id: activityId, status: activity.status, capacity: activity.capacity, seatsLeft: activity.seatsLeft })
          .update({ data })
        if (stats.updated !== 1) continue
        await ctx.db
          .collection(SIGNUPS)
          .where({ activityId })
          .update({ data: { title: draft.title, startAt: draft.startAt, endAt: draft.endAt, locationName: draft.location.name } })
        if (draft.capacity > activity.capacity) await fillFreeSeats(ctx, activityId)
        return activityDetail(await requireActivity(ctx, activityId), ctx.now)
      }
      throw new AppError('CONFLICT', '报名人数正在变化，请稍后重试')
    },
  }),

  publish: action({
    access: 'organizer',
    input: s.object(activityRef),
    async handler(ctx, { activityId }) {
      const activity = await organizedActivity(ctx, activityId)
      if (activity.status === 'published') return activityDetail(activity, ctx.now)
      const transition = checkActivityTransition(activity.status, 'published')
      if (!transition.ok) throw new AppError(transition.code, transition.message)
      checkDraft(activity, ctx.now)
      await ctx.db
        .collection(ACTIVITIES)
        .where({ _id: activityId, status: 'draft' })
        .update({ data: { status: 'published', publishedAt: ctx.now, updatedAt: ctx.now } })
      await ctx.db
        .collection(SIGNUPS)
        .where({ activityId })
        .update({ data: { activityStatus: 'published' } })
      return activityDetail(await requireActivity(ctx, activityId), ctx.now)
    },
  }),

  cancelActivity: action({
    access: 'organizer',
    input: s.object({ ...activityRef, reason: s.optional(s.string({ max: 200 })) }),
    async handler(ctx, { activityId, reason }) {
      const activity = await organizedActivity(ctx, activityId)
      if (activity.status !== 'cancelled') {
        if (ctx.now >= activity.endAt) throw new AppError('CONFLICT', '活动已结束，不能取消')
        const transition = checkActivityTransition(activity.status, 'cancelled')
        if (!transition.ok) throw new AppError(transition.code, transition.message)
        await ctx.db
          .collection(ACTIVITIES)
          .where({ _id: activityId, status: activity.status })
          .update({ data: { status: 'cancelled', cancelledAt: ctx.now, cancelReason: reason ?? null, updatedAt: ctx.now } })
      }
      const cancelled = await requireActivity(ctx, activityId)
      if (cancelled.status !== 'cancelled') throw new AppError('CONFLICT')
      await ctx.db
        .collection(SIGNUPS)
        .where({ activityId })
        .update({ data: { activityStatus: 'cancelled' } })
      // Repeating the action re-sends nothing (keyed notices) but finishes an interrupted round.
      let notified = 0
      await forEachLiveSignup(ctx, activityId, async (page) => {
        for (const signup of page) {
          const sent = await notify(ctx, {
            openid: signup.openid,
            kind: 'activityCancelled',
            title: '活动已取消',
            body: `您报名的「${cancelled.title}」（${formatTimeRangeCn(cancelled.startAt, cancelled.endAt)}）已取消${cancelled.cancelReason ? `：${cancelled.cancelReason}` : '。'}`,
            page: `/packages/activity/pages/detail/index?id=${activityId}`,
            key: `activityCancelled-${activityId}-${sha256Hex(signup.openid).slice(0, 16)}`,
          })
          if (sent) notified++
        }
      })
      return { activity: activityDetail(cancelled, ctx.now), notified }
    },
  }),

  signup: action({
    access: 'user',
    input: s.object(activityRef),
    async handler(ctx, { activityId }) {
      const activity = await visibleActivity(ctx, activityId)
      const { record, seatsLeft, waitlistCount, ...answer } = await signUp(ctx, activity)
      // The answer carries the detail view the screen shows next (no second call).
      return { ...answer, detail: await detailView(ctx, { ...activity, seatsLeft }, record, answer.waitlistPosition, waitlistCount) }
    },
  }),

  cancelSignup: action({
    access: 'user',
    input: s.object(activityRef),
    async handler(ctx, { activityId }) {
      const activity = await visibleActivity(ctx, activityId)
      const allowed = (status: 'confirmed' | 'waitlisted') => checkSignupCancel(activity, status, ctx.now).ok
      // A conditional write per status, no read first; a refusal reads why. A promotion landing in
      // between (waitlisted → confirmed) makes it try again.
      for (let attempt = 0; attempt < 3; attempt++) {
        if (await cancelOwnSignup(ctx, activity, allowed)) return { activityId, status: 'cancelled' as const }
        const signup = await findSignup(ctx, activityId, ctx.openid)
        if (!signup) throw new AppError('NOT_FOUND', '您没有报名该活动')
        if (signup.status === 'pending') throw new AppError('CONFLICT', '报名处理中，请稍后再试')
        const refusal = checkSignupCancel(activity, signup.status, ctx.now)
        if (!refusal.ok) throw new AppError(refusal.code, refusal.message)
        if (signup.status === 'cancelled') return { activityId, status: 'cancelled' as const }
      }
      throw new AppError('CONFLICT', '报名状态正在变化，请稍后再试')
    },
  }),

  mySignups: action({
    access: 'user',
    input: s.object({ filter: s.optional(s.oneOf(['upcoming', 'waitlisted', 'past'] as const)), ...s.page }),
    async handler(ctx, { filter, offset = 0, pageSize = 20 }) {
      const _ = ctx._
      const where: Record<string, unknown> = { openid: ctx.openid, status: _.in(LIVE_SIGNUP) }
      if (filter === 'upcoming') Object.assign(where, { status: 'confirmed', endAt: _.gt(ctx.now) })
      if (filter === 'waitlisted') Object.assign(where, { status: 'waitlisted', startAt: _.gt(ctx.now) })
      if (filter === 'past') Object.assign(where, { status: 'confirmed', endAt: _.lte(ctx.now) })
      const page = await readPage(
        ctx.db
          .collection<SignupRecord>(SIGNUPS)
          .where(where)
          .orderBy('startAt', filter === 'past' ? 'desc' : 'asc'),
        offset,
        pageSize,
      )
      const positions = await waitlistPositions(ctx, page.items)
      const items = page.items.map((signup) => mySignupView(signup, ctx.now, positions.get(signup._id) ?? null))
      return { items, hasMore: page.hasMore }
    },
  }),

  checkinCode: action({
    access: 'organizer',
    input: s.object({ ...activityRef, kind: s.optional(s.oneOf(['checkin', 'checkout'] as const)) }),
    async handler(ctx, { activityId, kind = 'checkin' }) {
      const activity = await organizedActivity(ctx, activityId)
      if (activity.status !== 'published') throw new AppError('CONFLICT', '只有报名中的活动可以签到')
      const window = checkinWindow(activity)
      const token = issueToken(requireSetting(ctx.env, 'checkinSecret'), activityId, kind, ctx.now)
      return {
        activityId,
        kind,
        token,
        /** What the QR code carries: a link WeChat's own scanner opens at the check-in page. */
        link: ctx.env.checkinUrlPrefix ? checkinLink(ctx.env.checkinUrlPrefix, token) : null,
        step: tokenStep(ctx.now),
        refreshAt: nextRotationAt(ctx.now).getTime(),
        windowStart: window.start.getTime(),
        windowEnd: window.end.getTime(),
        now: ctx.now.getTime(),
      }
    },
  }),

  checkin: action({
    access: 'user',
    input: s.object({ token: s.string({ min: 1, max: 400 }), activityId: s.optional(s.id()) }),
    handler: (ctx, { token, activityId }) => scan(ctx, 'checkin', token, activityId),
  }),

  checkout: action({
    access: 'user',
    input: s.object({ token: s.string({ min: 1, max: 400 }), activityId: s.optional(s.id()) }),
    handler: (ctx, { token, activityId }) => scan(ctx, 'checkout', token, activityId),
  }),

  manualCheckin: action({
    access: 'organizer',
    input: s.object({ ...activityRef, openid: s.string({ min: 1, max: 64 }) }),
    async handler(ctx, { activityId, openid }) {
      const activity = await organizedActivity(ctx, activityId)
      if (!canOrganizerCheckIn(activity, ctx.now)) throw new AppError('NOT_IN_WINDOW', '活动开始前 30 分钟起才能签到')
      const signup = await findSignup(ctx, activityId, openid)
      if (!signup || signup.status !== 'confirmed') throw new AppError('CONFLICT', '只能为已获得名额的报名者签到')
      await ctx.db
        .collection(SIGNUPS)
        .where({ _id: signup._id, checkedInAt: null })
        .update({ data: { checkedInAt: ctx.now, manualCheckin: ctx._.set({ by: ctx.openid, at: ctx.now }) } })
      return organizerSignupView((await findSignup(ctx, activityId, openid))!)
    },
  }),

  roster: action({
    access: 'organizer',
    input: s.object({ ...activityRef, ...s.page }),
    async handler(ctx, { activityId, offset = 0, pageSize = 50 }) {
      const activity = await organizedActivity(ctx, activityId)
      const page = await readPage(
        ctx.db
          .collection<SignupRecord>(SIGNUPS)
          .where({ activityId, status: ctx._.in(LIVE_SIGNUP) })
          .orderBy('seq', 'asc'),
        offset,
        pageSize,
      )
      const who = await people(
        ctx,
        page.items.map((signup) => signup.openid),
      )
      return {
        activity: activitySummary(activity, ctx.now),
        confirmedCount: activity.capacity - activity.seatsLeft,
        manage: organizerActions(activity, ctx.now),
        items: page.items.map((signup) => rosterEntry(signup, activity, who.get(signup.openid)!)),
        hasMore: page.hasMore,
      }
    },
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
    async handler(ctx, { activityId, entries }) {
      const activity = await organizedActivity(ctx, activityId)
      if (activity.status === 'cancelled') throw new AppError('CONFLICT', '活动已取消')
      if (ctx.now < activity.endAt) throw new AppError('CONFLICT', '活动结束后才能确认服务时长')
      const plans = []
      for (const entry of entries) {
        const signup = await findSignup(ctx, activityId, entry.openid)
        if (!signup) throw new AppError('NOT_FOUND', `${entry.openid} 没有报名该活动`)
        plans.push(planCredit(ctx, activity, { signup, hours: entry.hours }))
      }
      const results = []
      for (const plan of plans) {
        const { changed } = await applyCredit(ctx, activity, plan)
        results.push({
          openid: plan.signup.openid,
          hours: plan.record.hours,
          points: plan.record.points,
          source: plan.record.source,
          by: plan.record.by,
          at: plan.record.at.getTime(),
          changed,
        })
      }
      return { results }
    },
  }),

  leaderboard: action({
    access: 'user',
    input: s.object({ scope: s.oneOf(['city', 'team'] as const), teamId: s.optional(s.id()) }),
    async handler(ctx, { scope, teamId }) {
      const _ = ctx._
      if (scope === 'team' && !teamId) throw new AppError('INVALID_ARGUMENT', 'teamId：查看服务队排行需指定服务队')
      const collection = scope === 'city' ? VOLUNTEER_STATS : VOLUNTEER_TEAM_STATS
      const base = scope === 'city' ? {} : { teamId }
      const { data } = await ctx.db
        .collection<VolunteerStatsRecord | VolunteerTeamStatsRecord>(collection)
        .where({ ...base, hours: _.gt(0) })
        .orderBy('hours', 'desc')
        .limit(50)
        .get()
      const ownerOf = (row: VolunteerStatsRecord | VolunteerTeamStatsRecord) => ('openid' in row ? row.openid : row._id)
      const mineRow = (
        await ctx.db
          .collection<VolunteerStatsRecord | VolunteerTeamStatsRecord>(collection)
          .where({ ...base, [scope === 'city' ? '_id' : 'openid']: ctx.openid })
          .get()
      ).data[0]
      const myHours = mineRow?.hours ?? 0
      const myRank =
        myHours > 0
          ? (
              await ctx.db
                .collection(collection)
                .where({ ...base, hours: _.gt(myHours) })
                .count()
            ).total + 1
          : null
      return {
        scope,
        teamId: teamId ?? null,
        items: data.map((row, index) => ({
          rank: index + 1,
          name: maskName(row.name),
          hours: row.hours,
          points: row.points,
          mine: ownerOf(row) === ctx.openid,
        })),
        me: { hours: myHours, rank: myRank },
      }
    },
  }),

  /** 志愿者证: who, the volunteer number, teams and totals, and a signed short-lived code to show. */
  volunteerCard: action({
    access: 'user',
    input: s.object({}),
    async handler(ctx) {
      const _ = ctx._
      const [caller, totals] = await Promise.all([ctx.caller(), volunteerTotals(ctx)])
      const [{ data: teams }, { total: upcoming }] = await Promise.all([
        teamsNamed(ctx, totals.teams),
        ctx.db
          .collection(SIGNUPS)
          .where({ openid: ctx.openid, status: 'confirmed', endAt: _.gt(ctx.now) })
          .count(),
      ])
      const { code, expiresAt } = issueCardCode(requireSetting(ctx.env, 'checkinSecret'), ctx.openid, ctx.now)
      return {
        ...totals,
        name: caller.user.profile?.realName ?? null,
        volunteerNo: volunteerNumber(ctx.openid),
        teams: totals.teams.map((id) => ({ id, name: teams.find((t) => t._id === id)?.name ?? `服务队 ${id}` })),
        upcoming,
        code,
        codeExpiresAt: expiresAt,
      }
    },
  }),

  /** An organizer scans a 志愿者证's code: whose card it is and their totals, if the code is genuine and fresh. */
  verifyVolunteerCard: action({
    access: 'organizer',
    input: s.object({ code: s.string({ max: 300 }) }),
    async handler(ctx, { code }) {
      const check = verifyCardCode(requireSetting(ctx.env, 'checkinSecret'), code, ctx.now)
      if (!check.ok) throw new AppError(check.code, check.message)
      const [user, totals] = await Promise.all([findById<UserRecord>(ctx.db, USERS, check.openid), volunteerTotals(ctx, check.openid)])
      if (!user) throw new AppError('NOT_FOUND', '找不到这位志愿者')
      const { data: teams } = await teamsNamed(ctx, totals.teams)
      return {
        name: user.profile?.realName ?? '未填写',
        volunteerNo: volunteerNumber(check.openid),
        hours: totals.hours,
        points: totals.points,
        activities: totals.activities,
        teams: teams.map((team) => team.name),
      }
    },
  }),

  /** The roster with hours, as CSV (default) or XLSX, at an unguessable path with a short-lived link. */
  exportRoster: action({
    access: 'organizer',
    input: s.object({ ...activityRef, format: s.optional(s.oneOf(['csv', 'xlsx'] as const)) }),
    async handler(ctx, { activityId, format = 'csv' }) {
      const activity = await organizedActivity(ctx, activityId)
      const rows: { signup: SignupRecord; person: Person }[] = []
      await forEachLiveSignup(ctx, activityId, async (page) => {
        const who = await people(
          ctx,
          page.map((signup) => signup.openid),
        )
        for (const signup of page) rows.push({ signup, person: who.get(signup.openid)! })
      })
      return exportTable(ctx, 'activity', 'roster', format, [rosterSheet(activity, rows)])
    },
  }),

  /** A team's volunteer hours in a Shanghai month (organizers of the team, admins). */
  hoursReport: action({
    access: 'user',
    input: s.object({
      teamId: s.id(),
      month: monthInput,
      format: s.optional(s.oneOf(['csv', 'xlsx'] as const)),
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
