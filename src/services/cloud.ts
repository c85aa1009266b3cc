import Taro from '@tarojs/taro'
import { errorMessages, isErrorCode, type ErrorCode } from '@domain/errors'
import type { Contract, FunctionName } from '../../functions/contract'
import { currentPersona } from './persona'

export type CloudFunctionName = FunctionName

/** Every failure of a cloud call, typed; `message` is Chinese and ready to show. */
export class CloudError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string = errorMessages[code],
  ) {
    super(message)
  }
}

type Envelope<T> = { ok: true; data: T } | { ok: false; code: string; message?: string }

/** Cloud functions time out at 3 s by default; a little slack for the network, then give up. */
const TIMEOUT_MS = 10000

export function initCloud(): void {
  if (process.env.TARO_ENV === 'weapp') {
    Taro.cloud.init({ env: CLOUD_ENV_ID || undefined, traceUser: true })
  }
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new CloudError('TIMEOUT')), TIMEOUT_MS)
    promise.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (error) => {
        clearTimeout(timer)
        reject(error)
      },
    )
  })
}

async function transport(name: CloudFunctionName, data: Record<string, unknown>): Promise<unknown> {
  if (process.env.TARO_ENV === 'weapp') {
    const { result } = await Taro.cloud.callFunction({ name, data })
    return result
  }
  // H5 runs against the local cloud (CONTRACT.md): the persona stands for the WeChat OPENID.
  const response = await Taro.request({
    url: `${LOCAL_CLOUD_URL}/cloud/${name}`,
    method: 'POST',
    data,
    header: { 'content-type': 'application/json', 'X-Openid': currentPersona() },
  })
  if (response.statusCode >= 500 && (typeof response.data !== 'object' || response.data === null)) {
    throw new CloudError('INTERNAL')
  }
  return response.data
}

function toCloudError(error: unknown): CloudError {
  if (error instanceof CloudError) return error
  const text = String((error as { errMsg?: string; message?: string })?.errMsg ?? (error as Error)?.message ?? error)
  if (/timeout|timed out|超时/i.test(text)) return new CloudError('TIMEOUT')
  return new CloudError('NETWORK')
}

/** One call and its envelope; screens go through `cloud` below, which types it. */
async function callCloud(name: CloudFunctionName, action: string, params: Record<string, unknown> = {}): Promise<unknown> {
  let result: unknown
  try {
    result = await withTimeout(transport(name, { ...params, action }))
  } catch (error) {
    throw toCloudError(error)
  }
  const envelope = result as Envelope<unknown> | null
  if (!envelope || typeof envelope !== 'object' || typeof envelope.ok !== 'boolean') throw new CloudError('INTERNAL')
  if (envelope.ok) return envelope.data
  const code = isErrorCode(envelope.code) ? envelope.code : 'INTERNAL'
  throw new CloudError(code, envelope.message || errorMessages[code])
}

/**
 * The one typed client: `cloud.activity.signup({ activityId })`. Inputs and answers are the functions'
 * own (functions/contract.ts, types only); an unknown action does not type-check.
 */
export const cloud: Contract = {
  activity: actionsOf('activity'),
  bookcase: actionsOf('bookcase'),
  counseling: actionsOf('counseling'),
  user: actionsOf('user'),
}

function actionsOf<F extends FunctionName>(name: F): Contract[F] {
  return new Proxy({} as Contract[F], {
    get: (_target, action) =>
      typeof action === 'string' ? (input?: Record<string, unknown>) => callCloud(name, action, input) : undefined,
  })
}

/** What a screen shows for any failure. */
export function errorText(error: unknown): string {
  return error instanceof CloudError ? error.message : errorMessages.INTERNAL
}
