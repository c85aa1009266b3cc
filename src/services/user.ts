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
  /** Service hours, points, activities and no-shows as a volunteer. */
  volunteer: { hours: number; points: number; activities: number; noShows: number; teams: string[] }
  unreadMessages: number
}

export interface HomeData {
  profileComplete: boolean
  nextActivity: {
    activityId: string
    title: string
    startAt: string
    endAt: string
    locationName: string
    checkedIn: boolean
    checkinOpen: boolean
  } | null
  loans: { loanId: string; title: string; dueAt: string; overdueDays: number; feeSoFar: number; dueText: string; feeText: string | null }[]
  nextSession: { bookingId: string; start: string; status: 'pending' | 'confirmed' } | null
  unreadMessages: number
}

export const userApi = {
  home: () => callCloud<HomeData>('user', 'home'),
  me: () => callCloud<Me>('user', 'me'),
  /** The phone bound to WeChat, from the code of a getPhoneNumber button (weapp only; not saved). */
  phoneFromCode: (code: string) => callCloud<{ phone: string }>('user', 'phoneFromCode', { code }),
  updateProfile: (profile: Profile) => callCloud<Me>('user', 'updateProfile', { ...profile }),
  updateSettings: (settings: { hideFromReadingBoard: boolean }) =>
    callCloud<{ settings: Me['settings'] }>('user', 'updateSettings', settings),
}
