import Taro from '@tarojs/taro'

/**
 * Local mode only (H5 against the local cloud): who the browser acts as. In WeChat the cloud knows
 * the caller from its own context and this is never sent.
 */
export const personas = [
  { openid: 'local-worker', label: '职工（未填资料）' },
  { openid: 'local-volunteer-1', label: '志愿者 1' },
  { openid: 'local-volunteer-2', label: '志愿者 2' },
  { openid: 'local-organizer', label: '组织者' },
  { openid: 'local-counselor-1', label: '咨询师 1' },
  { openid: 'local-admin', label: '管理员' },
] as const

const STORAGE_KEY = 'localPersona'
const DEFAULT_PERSONA = 'local-volunteer-1'

export function currentPersona(): string {
  try {
    return Taro.getStorageSync(STORAGE_KEY) || DEFAULT_PERSONA
  } catch {
    return DEFAULT_PERSONA
  }
}

export function setPersona(openid: string): void {
  Taro.setStorageSync(STORAGE_KEY, openid)
}

export const isLocalMode = process.env.TARO_ENV === 'h5'
