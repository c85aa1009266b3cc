/** Shared setup of the activity cloud tests: a fixed clock, activities of team-1, many volunteers. */
import type { LocalRuntime } from '../../../local-cloud/runtime'
import { createTestRuntime, expectOk } from '../../support/runtime'
import { DAY_MS, HOUR_MS, shanghaiInstant } from '../../../domain/time'

/** Monday 2027-03-01 10:00 in Shanghai: far from the seeded demo activities, which follow the real clock. */
export const T0 = shanghaiInstant('2027-03-01', '10:00')
export const ORGANIZER = 'local-organizer'

export async function activityRuntime(): Promise<LocalRuntime> {
  return createTestRuntime({ at: T0 })
}

export function database(runtime: LocalRuntime) {
  return runtime.cloud.sdkFor({ OPENID: '', SOURCE: 'test' }).database()
}

/** A valid activity two days after T0, 09:00–12:00 Shanghai; times as epoch ms, as a client sends them. */
export function draftInput(overrides: Record<string, unknown> = {}) {
  const start = shanghaiInstant('2027-03-03', '09:00').getTime()
  return {
    teamId: 'team-1',
    title: '地铁站文明引导',
    category: '文明交通',
    description: '引导乘客有序排队',
    location: { name: '青岛站', latitude: 36.06, longitude: 120.31 },
    startAt: start,
    endAt: start + 3 * HOUR_MS,
    signupDeadline: start - DAY_MS,
    capacity: 30,
    hours: 3,
    points: 30,
    ...overrides,
  }
}

export async function createActivity(runtime: LocalRuntime, overrides: Record<string, unknown> = {}, publish = true): Promise<any> {
  return expectOk<any>(await runtime.call('activity', ORGANIZER, { action: 'create', ...draftInput(overrides), publish }))
}

/** 0 → A, 25 → Z, 26 → BA: names may hold letters but no digits. */
const letters = (n: number): string => (n >= 26 ? letters(Math.floor(n / 26)) : '') + String.fromCharCode(65 + (n % 26))

/** `count` people with complete profiles: `${prefix}-0` … */
export async function addVolunteers(runtime: LocalRuntime, count: number, prefix = 'wx-vol'): Promise<string[]> {
  const db = database(runtime)
  const openids = Array.from({ length: count }, (_, i) => `${prefix}-${i}`)
  for (const [i, openid] of openids.entries()) {
    await db
      .collection('users')
      .doc(openid)
      .set({
        data: {
          profile: { realName: `志愿者${letters(i)}`, phone: `139${String(i).padStart(8, '0')}`, workUnit: '测试单位' },
          roles: {},
          settings: {},
          createdAt: T0,
          updatedAt: T0,
        },
      })
  }
  return openids
}

export const activity = (runtime: LocalRuntime, openid: string, data: Record<string, unknown>) =>
  runtime.call<any>('activity', openid, data)
