import { isProfileComplete, type Profile } from '../../domain/profile'
import type { Database } from './sdk'

export type Role = 'admin' | 'organizer' | 'counselor'

/** `users` document; its `_id` is the OPENID. */
export interface UserRecord {
  _id: string
  profile: Profile | null
  roles: { admin?: boolean; counselorId?: string; organizerTeams?: string[] }
  settings: { hideFromReadingBoard?: boolean }
  /** grows with each activity seat confirmed to the person (the no-overlap rule's optimistic lock) */
  scheduleVersion?: number
  createdAt: Date
  updatedAt: Date
}

export interface Caller {
  openid: string
  user: UserRecord
  roles: Set<Role>
  organizerTeams: string[]
  counselorId?: string
  profileComplete: boolean
}

export const USERS = 'users'

export function rolesOf(user: UserRecord, adminOpenids: string[]): Set<Role> {
  const roles = new Set<Role>()
  if (user.roles.admin || adminOpenids.includes(user._id)) roles.add('admin')
  if (user.roles.counselorId) roles.add('counselor')
  if ((user.roles.organizerTeams ?? []).length > 0) roles.add('organizer')
  return roles
}

export function toCaller(user: UserRecord, adminOpenids: string[]): Caller {
  return {
    openid: user._id,
    user,
    roles: rolesOf(user, adminOpenids),
    organizerTeams: user.roles.organizerTeams ?? [],
    counselorId: user.roles.counselorId,
    profileComplete: isProfileComplete(user.profile),
  }
}

/** Reads the caller's record, creating it on first use (two first calls at once create it once). */
/** What loading the caller needs of an invocation (the action context has it). */
export interface CallerSource {
  db: Database
  openid: string
  now: Date
  env: { adminOpenids: string[] }
}

export async function loadCaller(ctx: CallerSource): Promise<Caller> {
  const users = ctx.db.collection<UserRecord>(USERS)
  const found = await users.where({ _id: ctx.openid }).get()
  if (found.data[0]) return toCaller(found.data[0], ctx.env.adminOpenids)
  const fresh: UserRecord = {
    _id: ctx.openid,
    profile: null,
    roles: {},
    settings: {},
    createdAt: ctx.now,
    updatedAt: ctx.now,
  }
  try {
    await users.add({ data: fresh })
    return toCaller(fresh, ctx.env.adminOpenids)
  } catch (error) {
    const again = await users.where({ _id: ctx.openid }).get()
    if (again.data[0]) return toCaller(again.data[0], ctx.env.adminOpenids)
    throw error
  }
}
