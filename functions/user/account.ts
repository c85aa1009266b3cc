/** The caller's own account: who they are (roles, totals, unread count), their profile and settings. */
import type { ActionContext } from '../_lib/define'
import { AppError } from '../_lib/envelope'
import { USERS, toCaller, type Role, type UserRecord } from '../_lib/caller'
import * as s from '../_lib/schema'
import type { Infer } from '../_lib/schema'
import { volunteerTotals } from '../activity/totals'
import { fieldMessage } from '../../domain/fieldLabels'
import { isProfileComplete, normalizeProfile, validateProfile, type Profile } from '../../domain/profile'
import { SUBSCRIPTION_MOMENTS, templatesFor, type SubscriptionMoment } from '../../domain/subscriptions'
import { unreadCount } from './inbox'

/** A person as the app shows them: profile, roles and settings, never internal fields. */
export function publicView(user: UserRecord, roles: Set<Role>) {
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

export async function findUser(ctx: ActionContext, openid: string): Promise<UserRecord> {
  const { data } = await ctx.db.collection<UserRecord>(USERS).where({ _id: openid }).get()
  if (!data[0]) throw new AppError('NOT_FOUND', '用户不存在（需先打开过小程序）')
  return data[0]
}

export async function me(ctx: ActionContext) {
  const caller = await ctx.caller()
  const [volunteer, unreadMessages] = await Promise.all([volunteerTotals(ctx), unreadCount(ctx)])
  return { ...publicView(caller.user, caller.roles), volunteer, unreadMessages }
}

/** The subscription templates the mini-program requests at each moment (signup, booking, borrow). */
export async function subscriptionTemplates(ctx: ActionContext) {
  return Object.fromEntries(
    (Object.keys(SUBSCRIPTION_MOMENTS) as SubscriptionMoment[]).map((moment) => [moment, templatesFor(moment, ctx.env.templates)]),
  )
}

/** Shapes only; the rules are the domain's, the same the profile form applies. */
export const profileInput = s.object({
  realName: s.string({ max: 40 }),
  phone: s.string({ max: 20 }),
  workUnit: s.string({ max: 100 }),
})

export async function updateProfile(ctx: ActionContext, input: Infer<typeof profileInput>) {
  const profile: Profile = normalizeProfile(input)
  const errors = validateProfile(profile)
  const [field] = Object.keys(errors) as (keyof Profile)[]
  if (field) throw new AppError('INVALID_ARGUMENT', fieldMessage(field, errors[field]!))
  await ctx.caller()
  // `_.set` replaces the sub-document: a plain object would update fields inside a null profile.
  await ctx.db
    .collection(USERS)
    .doc(ctx.openid)
    .update({ data: { profile: ctx._.set(profile), updatedAt: ctx.now } })
  const caller = toCaller(await findUser(ctx, ctx.openid), ctx.env.adminOpenids)
  return publicView(caller.user, caller.roles)
}

export const phoneFromCodeInput = s.object({ code: s.string({ min: 1, max: 128 }) })

/** The phone bound to the caller's WeChat account, from a getPhoneNumber button's code; the form saves it. */
export async function phoneFromCode(ctx: ActionContext, { code }: Infer<typeof phoneFromCodeInput>) {
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
}

export const settingsInput = s.object({ hideFromReadingBoard: s.boolean() })

export async function updateSettings(ctx: ActionContext, settings: Infer<typeof settingsInput>) {
  await ctx.caller()
  await ctx.db
    .collection(USERS)
    .doc(ctx.openid)
    .update({ data: { settings: { hideFromReadingBoard: settings.hideFromReadingBoard }, updatedAt: ctx.now } })
  return { settings }
}
