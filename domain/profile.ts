/** The worker profile a volunteer needs; the form and the server validate with the same rules. */
import type { FieldErrors } from './errors'

export interface Profile {
  realName: string
  phone: string
  workUnit: string
}

/**
 * Names: 2–20 Chinese characters (incl. extension A), Latin letters, and the middle dot of
 * transcribed names (阿卜杜·热合曼), which may not start or end the name. No lookbehind: older iOS
 * WeChat JS engines reject it.
 */
const NAME_CHAR = 'A-Za-z\\u3400-\\u4dbf\\u4e00-\\u9fff'
export const profileRules = {
  realName: { pattern: new RegExp(`^[${NAME_CHAR}][${NAME_CHAR}·]{0,18}[${NAME_CHAR}]$`), message: '应为 2–20 个汉字或字母' },
  phone: { pattern: /^1[3-9]\d{9}$/, message: '应为 11 位手机号' },
  workUnit: { min: 2, max: 50, message: '应为 2–50 个字' },
} as const

export type ProfileErrors = FieldErrors<keyof Profile>

/** Look-alike dots people type in names (•, ・, ‧, ･, full-width ．) become the standard ·. */
const DOT_LOOKALIKES = /[\u2022\u30fb\u2027\uff65\u00b7\uff0e\u2219]/g

/**
 * What the form should save: trimmed; name dots unified; phone without spaces, dashes or a +86 /
 * 0086 prefix. Validate the result.
 */
export function normalizeProfile(input: Partial<Record<keyof Profile, unknown>>): Profile {
  const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '')
  const phone = str(input.phone)
    .replace(/[\s-]/g, '')
    .replace(/^(\+86|0086)/, '')
  return { realName: str(input.realName).replace(DOT_LOOKALIKES, '·'), phone, workUnit: str(input.workUnit).replace(/\s+/g, ' ') }
}

/** Field-named Chinese messages ('姓名应为…'); `{}` when valid. Non-strings count as empty. */
export function validateProfile(profile: Partial<Record<keyof Profile, unknown>>): ProfileErrors {
  const errors: ProfileErrors = {}
  const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '')
  const realName = str(profile.realName)
  const phone = str(profile.phone)
  const workUnit = str(profile.workUnit)
  if (!realName) errors.realName = '请填写姓名'
  else if (!profileRules.realName.pattern.test(realName)) errors.realName = `姓名${profileRules.realName.message}`
  if (!phone) errors.phone = '请填写手机号'
  else if (!profileRules.phone.pattern.test(phone)) errors.phone = `手机号${profileRules.phone.message}`
  // Counted in code points so that a rare character outside the BMP counts once.
  const unitLength = Array.from(workUnit).length
  if (!workUnit) errors.workUnit = '请填写工作单位'
  else if (unitLength < profileRules.workUnit.min || unitLength > profileRules.workUnit.max)
    errors.workUnit = `工作单位${profileRules.workUnit.message}`
  return errors
}

export function isProfileComplete(profile: Partial<Record<keyof Profile, unknown>> | null | undefined): profile is Profile {
  return profile != null && Object.keys(validateProfile(profile)).length === 0
}

/** '138****5678' for lists that show whose booking or loan it is without the full number. */
export function maskPhone(phone: string): string {
  return /^\d{11}$/.test(phone) ? `${phone.slice(0, 3)}****${phone.slice(7)}` : phone
}
