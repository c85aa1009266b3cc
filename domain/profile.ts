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

/** Two-character surnames, kept whole when masking (欧阳娜娜 → 欧阳**). */
const COMPOUND_SURNAMES: readonly string[] = (
  '欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 令狐 夏侯 轩辕 端木 独孤 南宫 西门 万俟 闻人 澹台 公冶 申屠 ' +
  '太史 仲孙 钟离 赫连 呼延 濮阳 百里 东郭 司空 第五 拓跋 淳于 单于 太叔 公羊 左丘 梁丘 谷梁 亓官 司寇 巫马 鲜于 闾丘'
).split(' ')

/**
 * The one rule for names on public boards (leaderboards, lottery winners): keeps the surname and stars every other character, one star each: 张三 → 张*, 张小明 → 张**,
 * 欧阳娜娜 → 欧阳**, 欧阳锋 → 欧阳*. A compound surname is kept only when a given name follows it
 * (欧阳 alone is 欧 + 阳 → 欧*). The dot of a transcribed name stays (阿卜杜·热合曼 → 阿**·***).
 * A one-character or empty name becomes 匿名 rather than showing the whole name.
 */
export function maskName(name: string): string {
  const chars = Array.from(name.trim())
  if (chars.length < 2) return '匿名'
  const keep = chars.length >= 3 && COMPOUND_SURNAMES.includes(chars[0] + chars[1]) ? 2 : 1
  return chars.map((c, i) => (i < keep || c === '·' ? c : '*')).join('')
}
