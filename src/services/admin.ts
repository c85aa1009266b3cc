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

export const adminApi = {
  searchUsers: (query: string) => callCloud<UserSummary[]>('user', 'searchUsers', { query }),
  grantRole: (change: RoleChange) => callCloud<UserSummary>('user', 'grantRole', { ...change }),
  revokeRole: (change: RoleChange) => callCloud<UserSummary>('user', 'revokeRole', { ...change }),
}
