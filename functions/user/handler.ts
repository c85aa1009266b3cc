import { action, defineFunction, type ActionContext, type DeployOptions } from '../_lib/define'
import { fieldMessage } from '../../domain/fieldLabels'
import { AppError } from '../_lib/envelope'
import { USERS, toCaller, type Role, type UserRecord } from '../_lib/caller'
import { MESSAGES, type MessageRecord } from '../_lib/notify'
import { readPage } from '../_lib/paging'
import * as s from '../_lib/schema'
import type { Infer } from '../_lib/schema'
import { loansOnHand, nextActivity, nextSession } from './home'
import { dashboard } from './dashboard'
import { volunteerTotals } from '../activity/totals'
import { SUBSCRIPTION_MOMENTS, templatesFor, type SubscriptionMoment } from '../../domain/subscriptions'
import { isProfileComplete, normalizeProfile, validateProfile, type Profile } from '../../domain/profile'

const roleName = s.oneOf(['admin', 'organizer', 'counselor'] as const)

/** Shapes only; the rules are the domain's, the same the profile form applies. */
const profileInput = s.object({
  realName: s.string({ max: 40 }),
  phone: s.string({ max: 20 }),
  workUnit: s.string({ max: 100 }),
})

function checkedProfile(input: Profile): Profile {
  const profile = normalizeProfile(input)
  const errors = validateProfile(profile)
  const [field] = Object.keys(errors) as (keyof Profile)[]
  if (field) throw new AppError('INVALID_ARGUMENT', fieldMessage(field, errors[field]!))
  return profile
}

const roleInput = s.object({
  openid: s.string({ min: 1, max: 64 }),
  role: roleName,
  /** organizer: the team the role is scoped to */
  teamId: s.optional(s.id()),
  /** counselor: the counselor profile the account manages */
  counselorId: s.optional(s.id()),
})

async function unreadCount(ctx: ActionContext): Promise<number> {
  const { total } = await ctx.db.collection(MESSAGES).where({ openid: ctx.openid, read: false }).count()
  return total
}

function publicView(user: UserRecord, roles: Set<Role>) {
  return {
    openid: user._id,
    profile: user.profile,
    profileComplete: isProfileComplete(user.profile),
    roles: [...roles],
    organizerTeams: user.roles.organizerTeams ?? [],
    counselorId: user.roles.counselorId ?? null,
    settings: user.settings,
  }
}

async function findUser(ctx: ActionContext, openid: string): Promise<UserRecord> {
  const { data } = await ctx.db.collection<UserRecord>(USERS).where({ _id: openid }).get()
  if (!data[0]) throw new AppError('NOT_FOUND', '用户不存在（需先打开过小程序）')
  return data[0]
}

/** Applies a role change to an existing person and logs who made it (the audit trail). */
async function changeRoles(ctx: ActionContext, input: Infer<typeof roleInput>, change: Record<string, unknown>, event: string) {
  const user = await findUser(ctx, input.openid)
  await ctx.db
    .collection(USERS)
    .doc(user._id)
    .update({ data: { ...change, updatedAt: ctx.now } })
  ctx.log.info(event, { by: ctx.openid, person: user._id, role: input.role, teamId: input.teamId, counselorId: input.counselorId })
  const updated = await findUser(ctx, user._id)
  return publicView(updated, toCaller(updated, ctx.env.adminOpenids).roles)
}

/** What CloudBase must know to run it: written into config.json and cloudbaserc.json by the build. */
const deployment: DeployOptions = {
  // home reads a handful of collections at once; bindPhone calls openapi.phonenumber
  timeoutSeconds: 5,
  openapi: ['phonenumber.getPhoneNumber'],
}

export const userFunction = defineFunction('user', deployment, {
  me: action({
    access: 'user',
    input: s.object({}),
    async handler(ctx) {
      const caller = await ctx.caller()
      const [volunteer, unreadMessages] = await Promise.all([volunteerTotals(ctx), unreadCount(ctx)])
      return { ...publicView(caller.user, caller.roles), volunteer, unreadMessages }
    },
  }),

  /** The subscription templates the mini-program requests at each moment (signup, booking, borrow). */
  subscriptionTemplates: action({
    access: 'user',
    input: s.object({}),
    async handler(ctx) {
      return Object.fromEntries(
        (Object.keys(SUBSCRIPTION_MOMENTS) as SubscriptionMoment[]).map((moment) => [moment, templatesFor(moment, ctx.env.templates)]),
      )
    },
  }),

  home: action({
    access: 'user',
    input: s.object({}),
    async handler(ctx) {
      const caller = await ctx.caller()
      const [activity, loans, session, unreadMessages] = await Promise.all([
        nextActivity(ctx),
        loansOnHand(ctx),
        nextSession(ctx),
        unreadCount(ctx),
      ])
      return { profileComplete: caller.profileComplete, nextActivity: activity, loans, nextSession: session, unreadMessages }
    },
  }),

  updateProfile: action({
    access: 'user',
    input: profileInput,
    async handler(ctx, input) {
      const profile = checkedProfile(input)
      await ctx.caller()
      // `_.set` replaces the sub-document: a plain object would update fields inside a null profile.
      await ctx.db
        .collection(USERS)
        .doc(ctx.openid)
        .update({ data: { profile: ctx._.set(profile), updatedAt: ctx.now } })
      const caller = toCaller(await findUser(ctx, ctx.openid), ctx.env.adminOpenids)
      return publicView(caller.user, caller.roles)
    },
  }),

  /** The phone bound to the caller's WeChat account, from a getPhoneNumber button's code; the form saves it. */
  phoneFromCode: action({
    access: 'user',
    input: s.object({ code: s.string({ min: 1, max: 128 }) }),
    async handler(ctx, { code }) {
      try {
        const { phoneInfo } = await ctx.cloud.openapi.phonenumber.getPhoneNumber({ code })
        return { phone: phoneInfo.purePhoneNumber }
      } catch (error) {
        // 40029: invalid or expired code; 40163: code already used.
        const errCode = (error as { errCode?: number }).errCode
        if (errCode === 40029 || errCode === 40163) {
          throw new AppError('INVALID_ARGUMENT', 'code：手机号授权已失效，请重新点击获取或直接填写')
        }
        throw error
      }
    },
  }),

  updateSettings: action({
    access: 'user',
    input: s.object({ hideFromReadingBoard: s.boolean() }),
    async handler(ctx, settings) {
      await ctx.caller()
      await ctx.db
        .collection(USERS)
        .doc(ctx.openid)
        .update({ data: { settings: { hideFromReadingBoard: settings.hideFromReadingBoard }, updatedAt: ctx.now } })
      return { settings }
    },
  }),

  grantRole: action({
    access: 'admin',
    input: roleInput,
    async handler(ctx, input) {
      const _ = ctx._
      let change: Record<string, unknown>
      if (input.role === 'admin') change = { 'roles.admin': true }
      else if (input.role === 'organizer') {
        if (!input.teamId) throw new AppError('INVALID_ARGUMENT', 'teamId：授予组织者角色需指定队伍')
        change = { 'roles.organizerTeams': _.addToSet(input.teamId) }
      } else {
        if (!input.counselorId) throw new AppError('INVALID_ARGUMENT', 'counselorId：授予咨询师角色需指定咨询师档案')
        change = { 'roles.counselorId': input.counselorId }
      }
      return changeRoles(ctx, input, change, 'roleGranted')
    },
  }),

  revokeRole: action({
    access: 'admin',
    input: roleInput,
    async handler(ctx, input) {
      const _ = ctx._
      if (input.role === 'admin' && input.openid === ctx.openid) throw new AppError('CONFLICT', '不能撤销自己的管理员角色')
      let change: Record<string, unknown>
      if (input.role === 'admin') change = { 'roles.admin': false }
      else if (input.role === 'organizer') change = { 'roles.organizerTeams': input.teamId ? _.pull(input.teamId) : [] }
      else change = { 'roles.counselorId': _.remove() }
      return changeRoles(ctx, input, change, 'roleRevoked')
    },
  }),

  dashboard: action({
    access: 'admin',
    input: s.object({}),
    handler: (ctx) => dashboard(ctx),
  }),

  searchUsers: action({
    access: 'admin',
    input: s.object({ query: s.string({ min: 1, max: 20 }) }),
    async handler(ctx, { query }) {
      const escaped = query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      // Digits search phones by prefix; anything else searches names.
      const where = /^\d+$/.test(query)
        ? { 'profile.phone': ctx.db.RegExp({ regexp: `^${escaped}` }) }
        : { 'profile.realName': ctx.db.RegExp({ regexp: escaped }) }
      const { data } = await ctx.db.collection<UserRecord>(USERS).where(where).limit(20).get()
      return data.map((user) => publicView(user, toCaller(user, ctx.env.adminOpenids).roles))
    },
  }),

  messages: action({
    access: 'user',
    input: s.object({ ...s.page }),
    async handler(ctx, { offset = 0, pageSize = 20 }) {
      const page = await readPage(
        ctx.db.collection<MessageRecord>(MESSAGES).where({ openid: ctx.openid }).orderBy('createdAt', 'desc'),
        offset,
        pageSize,
      )
      return {
        items: page.items.map(({ openid: _owner, createdAt, ...message }) => ({ ...message, createdAt: new Date(createdAt).getTime() })),
        hasMore: page.hasMore,
        unread: await unreadCount(ctx),
      }
    },
  }),

  markRead: action({
    access: 'user',
    input: s.object({ ids: s.optional(s.array(s.id(), { max: 100 })) }),
    async handler(ctx, { ids }) {
      const _ = ctx._
      const where = ids ? { openid: ctx.openid, _id: _.in(ids), read: false } : { openid: ctx.openid, read: false }
      const { stats } = await ctx.db
        .collection(MESSAGES)
        .where(where)
        .update({ data: { read: true } })
      return { marked: stats.updated, unread: await unreadCount(ctx) }
    },
  }),
})
