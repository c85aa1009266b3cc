/** The booking form: mode, intake and the separate consent to sensitive personal information. */
import { refuse, type Decision, type FieldErrors } from '../errors'
import { profileRules } from '../profile'

export type SessionMode = 'online' | 'in_person'
export const SESSION_MODE_LABELS: Record<SessionMode, string> = { online: '线上', in_person: '面询' }

export interface Intake {
  mode: SessionMode
  topic: string
  description: string
  /** shown to the counselor instead of the real name when given */
  nickname?: string
  phone: string
}

export const intakeLimits = { topicMax: 30, descriptionMax: 500, nicknameMax: 20 } as const

export function validateIntake(
  intake: Partial<Record<keyof Intake, unknown>>,
  counselorModes: readonly SessionMode[],
): FieldErrors<keyof Intake> {
  const errors: FieldErrors<keyof Intake> = {}
  const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '')
  const len = (v: unknown) => Array.from(str(v)).length
  if (intake.mode !== 'online' && intake.mode !== 'in_person') errors.mode = '请选择咨询方式'
  else if (!counselorModes.includes(intake.mode)) errors.mode = `该咨询师不提供${SESSION_MODE_LABELS[intake.mode]}咨询`
  if (!str(intake.topic)) errors.topic = '请选择或填写咨询主题'
  else if (len(intake.topic) > intakeLimits.topicMax) errors.topic = `咨询主题不能超过 ${intakeLimits.topicMax} 字`
  if (intake.description !== undefined && typeof intake.description !== 'string') errors.description = '情况描述应为文字'
  else if (len(intake.description) > intakeLimits.descriptionMax) errors.description = `情况描述不能超过 ${intakeLimits.descriptionMax} 字`
  if (intake.nickname !== undefined && intake.nickname !== null && typeof intake.nickname !== 'string') errors.nickname = '昵称应为文字'
  else if (len(intake.nickname) > intakeLimits.nicknameMax) errors.nickname = `昵称不能超过 ${intakeLimits.nicknameMax} 字`
  if (!profileRules.phone.pattern.test(str(intake.phone))) errors.phone = `联系电话${profileRules.phone.message}`
  return errors
}

/** Consent to sensitive personal information is its own explicit yes (PIPL art. 29), never implied. */
export function checkConsent(consent: unknown): Decision {
  return consent === true ? { ok: true } : refuse('CONSENT_REQUIRED')
}
