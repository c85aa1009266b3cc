/** Admins find people and grant or revoke roles; every change is logged with who made it. */
import type { ActionContext } from '../_lib/define'
import { AppError } from '../_lib/envelope'
import { USERS, toCaller, type UserRecord } from '../_lib/caller'
import * as s from '../_lib/schema'
import type { Infer } from '../_lib/schema'
import { findUser, publicView } from './account'

export const roleInput = s.object({
  openid: s.string({ min: 1, max: 64 }),
  role: s.oneOf(['admin', 'organizer', 'counselor'] as const),
  /** organizer: the team the role is scoped to */
  teamId: s.optional(s.id()),
  /** counselor: the counselor profile the account manages */
  counselorId: s.optional(s.id()),
})
type RoleChange = Infer<typeof roleInput>

/** Applies a role change to an existing person and logs who made it (the audit trail). */
async function changeRoles(ctx: ActionContext, input: RoleChange, change: Record<string, unknown>, event: string) {
  const user = await findUser(ctx, input.openid)
  await ctx.db
    .collection(USERS)
    .doc(user._id)
    .update({ data: { ...change, updatedAt: ctx.now } })
  ctx.log.info(event, { by: ctx.openid, person: user._id, role: input.role, teamId: input.teamId, counselorId: input.counselorId })
  const updated = await findUser(ctx, user._id)
  return publicView(updated, toCaller(updated, ctx.env.adminOpenids).roles)
}

export async function grantRole(ctx: ActionContext, input: RoleChange) {
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
}

export async function revokeRole(ctx: ActionContext, input: RoleChange) {
  const _ = ctx._
  if (input.role === 'admin' && input.openid === ctx.openid) throw new AppError('CONFLICT', '不能撤销自己的管理员角色')
  let change: Record<string, unknown>
  if (input.role === 'admin') change = { 'roles.admin': false }
  else if (input.role === 'organizer') change = { 'roles.organizerTeams': input.teamId ? _.pull(input.teamId) : [] }
  else change = { 'roles.counselorId': _.remove() }
  return changeRoles(ctx, input, change, 'roleRevoked')
}

export const searchUsersInput = s.object({ query: s.string({ min: 1, max: 20 }) })

/** Digits search phones by prefix (the `profile.phone` index); anything else searches names. */
export async function searchUsers(ctx: ActionContext, { query }: Infer<typeof searchUsersInput>) {
  const escaped = query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const where = /^\d+$/.test(query)
    ? { 'profile.phone': ctx.db.RegExp({ regexp: `^${escaped}` }) }
    : { 'profile.realName': ctx.db.RegExp({ regexp: escaped }) }
  const { data } = await ctx.db.collection<UserRecord>(USERS).where(where).limit(20).get()
  return data.map((user) => publicView(user, toCaller(user, ctx.env.adminOpenids).roles))
}
