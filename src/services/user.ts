import type { Profile } from '@domain/profile'
import { callCloud } from './cloud'

export type { Profile }

export interface Me {
  openid: string
  profile: Profile | null
  profileComplete: boolean
  roles: ('admin' | 'organizer' | 'counselor')[]
  organizerTeams: string[]
  counselorId: string | null
  settings: { hideFromReadingBoard?: boolean }
  unreadMessages: number
}

export const userApi = {
  me: () => callCloud<Me>('user', 'me'),
  updateProfile: (profile: Profile) => callCloud<Me>('user', 'updateProfile', { ...profile }),
  updateSettings: (settings: { hideFromReadingBoard: boolean }) =>
    callCloud<{ settings: Me['settings'] }>('user', 'updateSettings', settings),
}
