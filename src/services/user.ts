import { callCloud } from './cloud'

export interface Profile {
  realName: string
  phone: string
  workUnit: string
}

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
}
