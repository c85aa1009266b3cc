/**
 * Error codes of the cloud envelope (CONTRACT.md) with the Chinese message a person sees when the
 * server gives none more specific. Client-side failures (NETWORK, TIMEOUT) share the same list so a
 * screen handles every failure one way.
 */
export const errorMessages = {
  UNAUTHENTICATED: '请在微信中打开小程序后重试',
  FORBIDDEN: '没有权限进行此操作',
  INVALID_ARGUMENT: '提交的信息有误，请检查后重试',
  NOT_FOUND: '内容不存在或已删除',
  CONFLICT: '操作冲突，请刷新后重试',
  PROFILE_INCOMPLETE: '请先完善个人资料（姓名、手机号、工作单位）',
  DEADLINE_PASSED: '报名已截止',
  TIME_CONFLICT: '与您已报名的其他活动时间冲突',
  TOO_LATE_TO_CANCEL: '已过可取消的时间',
  DEPOSIT_REQUIRED: '请先缴纳借书押金',
  LOAN_LIMIT: '已达到可同时借阅的数量上限，请先还书',
  FEE_UNPAID: '有未结清的逾期费用，请先补缴押金',
  DOOR_BUSY: '该柜门正在被他人使用，请稍后再试',
  CABINET_OFFLINE: '书柜暂时离线，请稍后再试或换一个书柜',
  SLOT_TAKEN: '该时段已被预约，请选择其他时段',
  BOOKING_LIMIT: '未完成的预约已达上限',
  CONSENT_REQUIRED: '请阅读并同意敏感个人信息处理规则',
  SUSPENDED: '因多次爽约，暂时不能预约',
  NOT_IN_WINDOW: '当前不在可操作的时间内',
  TOKEN_INVALID: '二维码无效，请扫描现场签到码',
  TOKEN_EXPIRED: '二维码已过期，请重新扫描',
  RESCHEDULE_LIMIT: '该预约的改期次数已用完',
  PAYMENT_FAILED: '支付未完成，请重试',
  NOT_CONFIGURED: '该功能尚未配置完成，请联系管理员',
  INTERNAL: '服务暂时不可用，请稍后重试',
  NETWORK: '网络不给力，请检查网络后重试',
  TIMEOUT: '请求超时，请稍后重试',
} as const

export type ErrorCode = keyof typeof errorMessages

export const errorCodes = Object.keys(errorMessages) as ErrorCode[]

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(errorMessages, value)
}

/**
 * The answer of a domain rule that may say no. A refusal carries an envelope code and a Chinese
 * message, so a cloud function can hand it on as is (`throw new AppError(r.code, r.message)`).
 */
export type Refusal = { ok: false; code: ErrorCode; message: string }
export type Decision<T extends object = object> = ({ ok: true } & T) | Refusal

export function refuse(code: ErrorCode, message: string = errorMessages[code]): Refusal {
  return { ok: false, code, message }
}

/** Field name → Chinese message naming the field; empty when the input is valid. */
export type FieldErrors<K extends string = string> = Partial<Record<K, string>>

export function hasErrors(errors: FieldErrors): boolean {
  return Object.keys(errors).length > 0
}
