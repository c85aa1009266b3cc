import { callCloud } from './cloud'
import type { Me } from './user'

export type Role = 'admin' | 'organizer' | 'counselor'
export type UserSummary = Omit<Me, 'unreadMessages' | 'volunteer'>

export interface RoleChange {
  openid: string
  role: Role
  teamId?: string
  counselorId?: string
}

/** user.dashboard: counts only, about no one. Months are Shanghai 'YYYY-MM', oldest first. */
export interface Dashboard {
  months: string[]
  /** signups by the month they were made; confirmed hours by the activity's month */
  activity: { month: string; signups: number; hours: number }[]
  loansByCabinet: { cabinetId: string; name: string; loans: number }[]
  overdueLoans: number
  counseling: { topics: string[]; byMonth: { month: string; sessions: number; topics: Record<string, number> }[] }
}

export const adminApi = {
  dashboard: () => callCloud<Dashboard>('user', 'dashboard'),
  searchUsers: (query: string) => callCloud<UserSummary[]>('user', 'searchUsers', { query }),
  grantRole: (change: RoleChange) => callCloud<UserSummary>('user', 'grantRole', { ...change }),
  revokeRole: (change: RoleChange) => callCloud<UserSummary>('user', 'revokeRole', { ...change }),
}
