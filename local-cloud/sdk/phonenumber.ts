/**
 * `cloud.openapi.phonenumber.getPhoneNumber`, local. WeChat exchanges the code from a
 * `<button open-type="getPhoneNumber">` for the phone bound to the account; locally the code carries the
 * phone (`local-13800138000` → 13800138000), so demos and tests choose it. Any other code is refused as
 * WeChat refuses a bad or expired one (errCode 40029).
 */
import { openapiError } from './wx'

const API = 'openapi.phonenumber.getPhoneNumber'
const LOCAL_CODE = /^local-(1\d{10})$/

export interface PhoneNumberAnswer {
  errCode: number
  errMsg: string
  phoneInfo: {
    phoneNumber: string
    purePhoneNumber: string
    countryCode: string
    watermark: { timestamp: number; appid: string }
  }
}

export function localPhoneNumber(options: { code?: unknown }, appid: string, now: Date): PhoneNumberAnswer {
  const code = options?.code
  const match = typeof code === 'string' ? LOCAL_CODE.exec(code) : null
  if (!match) throw openapiError(API, 40029, 'invalid code')
  const phone = match[1]
  return {
    errCode: 0,
    errMsg: `${API}:ok`,
    phoneInfo: {
      phoneNumber: phone,
      purePhoneNumber: phone,
      countryCode: '86',
      watermark: { timestamp: Math.floor(now.getTime() / 1000), appid },
    },
  }
}
