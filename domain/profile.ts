/** The worker profile a volunteer needs; the form and the server validate with the same rules. */
export interface Profile {
  realName: string
  phone: string
  workUnit: string
}

export const profileRules = {
  realName: { pattern: /^[\u4e00-\u9fa5A-Za-z·]{2,20}$/, message: '应为 2–20 个汉字或字母' },
  phone: { pattern: /^1[3-9]\d{9}$/, message: '应为 11 位手机号' },
  workUnit: { min: 2, max: 50, message: '应为 2–50 个字' },
} as const

export type ProfileErrors = Partial<Record<keyof Profile, string>>

export function validateProfile(profile: Profile): ProfileErrors {
  const errors: ProfileErrors = {}
  if (!profileRules.realName.pattern.test(profile.realName.trim())) errors.realName = `姓名${profileRules.realName.message}`
  if (!profileRules.phone.pattern.test(profile.phone.trim())) errors.phone = `手机号${profileRules.phone.message}`
  const unit = profile.workUnit.trim().length
  if (unit < profileRules.workUnit.min || unit > profileRules.workUnit.max) errors.workUnit = `工作单位${profileRules.workUnit.message}`
  return errors
}

export function isProfileComplete(profile: Profile | null | undefined): profile is Profile {
  return Boolean(profile) && Object.keys(validateProfile(profile as Profile)).length === 0
}
