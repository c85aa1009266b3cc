/** Shared set-up of the counseling cloud tests: a fixed Monday morning and a valid booking. */
import type { LocalRuntime } from '../../../local-cloud/runtime'
import { shanghaiInstant } from '../../../domain/time'
import { createTestRuntime, expectOk } from '../../support/runtime'

/** Monday 2026-11-23 08:00 in Shanghai. counselor-1 sees people every day 09–12 and 14–17. */
export const MONDAY_8AM = shanghaiInstant('2026-11-23', '08:00')

export const at = (date: string, time: string) => shanghaiInstant(date, time)

export async function counselingRuntime(): Promise<LocalRuntime> {
  return createTestRuntime({ at: MONDAY_8AM })
}

export function bookingRequest(start: Date, overrides: Record<string, unknown> = {}) {
  return {
    action: 'book',
    counselorId: 'counselor-1',
    start: start.toISOString(),
    mode: 'online',
    topic: '情绪压力',
    description: '最近工作压力大，晚上睡不好',
    phone: '13812345678',
    consent: { version: '2026-11' },
    ...overrides,
  }
}

export async function book(runtime: LocalRuntime, openid: string, start: Date, overrides: Record<string, unknown> = {}) {
  return expectOk<any>(await runtime.call('counseling', openid, bookingRequest(start, overrides)))
}

export function database(runtime: LocalRuntime) {
  return runtime.cloud.sdkFor({ OPENID: '', SOURCE: 'test' }).database()
}

export async function inbox(runtime: LocalRuntime, openid: string): Promise<any[]> {
  const { data } = await database(runtime).collection('messages').where({ openid }).limit(100).get()
  return data
}
