import type { LocalRuntime } from '../../../local-cloud/runtime'
import { expectOk } from '../../support/runtime'
import { issueToken } from '../../../functions/activity/checkinToken'
import { HOUR_MS, MINUTE_MS, SECOND_MS } from '../../../domain/time'
import { ORGANIZER, activity, activityRuntime, createActivity, database } from './support'

let runtime: LocalRuntime
let created: any
beforeEach(async () => {
  runtime = await activityRuntime()
  created = await createActivity(runtime, { capacity: 3, hours: 2, points: 20 })
})
afterEach(() => runtime.close())

const at = (ms: number) => runtime.clock.set(new Date(ms))
const code = async (kind = 'checkin') =>
  expectOk<any>(await activity(runtime, ORGANIZER, { action: 'checkinCode', activityId: created.id, kind })).token as string
const signup = (openid: string) => activity(runtime, openid, { action: 'signup', activityId: created.id })
const scan = (openid: string, kind: 'checkin' | 'checkout', token: string) =>
  activity(runtime, openid, { action: kind, token, activityId: created.id })
const card = async (openid: string) => expectOk<any>(await activity(runtime, openid, { action: 'volunteerCard' }))
const confirm = (entries: any[], by = ORGANIZER) => activity(runtime, by, { action: 'confirmHours', activityId: created.id, entries })

describe('check-in by rotating code', () => {
  test('the window opens 30 min before start and closes at the end', async () => {
    expectOk(await signup('local-volunteer-1'))
    at(created.startAt - 31 * MINUTE_MS)
    expect(await scan('local-volunteer-1', 'checkin', await code())).toMatchObject({ ok: false, code: 'NOT_IN_WINDOW' })
    at(created.startAt - 30 * MINUTE_MS)
    const answer = expectOk<any>(await scan('local-volunteer-1', 'checkin', await code()))
    // The local clock keeps running after it is set: allow the few ms the call takes.
    expect(answer.signup.checkedInAt - (created.startAt - 30 * MINUTE_MS)).toBeLessThan(SECOND_MS)
    // A second scan is answered as the first.
    expect(expectOk<any>(await scan('local-volunteer-1', 'checkin', await code())).repeated).toBe(true)
    at(created.endAt + SECOND_MS)
    expect(await scan('local-volunteer-1', 'checkout', await code('checkout'))).toMatchObject({ ok: false, code: 'NOT_IN_WINDOW' })
  })

  test('a token lives in its 30-second step and the next, then expires', async () => {
    expectOk(await signup('local-volunteer-1'))
    expectOk(await signup('local-volunteer-2'))
    at(created.startAt)
    const token = await code()
    at(created.startAt + 30 * SECOND_MS)
    expectOk(await scan('local-volunteer-1', 'checkin', token))
    at(created.startAt + 60 * SECOND_MS)
    expect(await scan('local-volunteer-2', 'checkin', token)).toMatchObject({ ok: false, code: 'TOKEN_EXPIRED' })
    expect((await code()) === token).toBe(false)
  })

  test('forged, other-activity and check-out tokens are refused; a person without a signup cannot check in', async () => {
    const other = await createActivity(runtime, {
      title: '另一场活动',
      startAt: created.startAt,
      endAt: created.endAt,
      signupDeadline: created.signupDeadline,
    })
    expectOk(await signup('local-volunteer-1'))
    at(created.startAt)
    const forged = issueToken('not-the-secret', created.id, 'checkin', new Date(created.startAt))
    expect(await scan('local-volunteer-1', 'checkin', forged)).toMatchObject({ ok: false, code: 'TOKEN_INVALID' })
    const otherToken = expectOk<any>(await activity(runtime, ORGANIZER, { action: 'checkinCode', activityId: other.id })).token
    expect(await scan('local-volunteer-1', 'checkin', otherToken)).toMatchObject({
      ok: false,
      code: 'TOKEN_INVALID',
      message: '这是其他活动的签到码',
    })
    expect(await scan('local-volunteer-1', 'checkin', await code('checkout'))).toMatchObject({ ok: false, code: 'TOKEN_INVALID' })
    expect(await scan('local-volunteer-2', 'checkin', await code())).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(await scan('local-volunteer-1', 'checkin', 'garbage')).toMatchObject({ ok: false, code: 'TOKEN_INVALID' })
    const { data } = await database(runtime).collection('activitySignups').where({ activityId: created.id }).get()
    expect(data.every((s: any) => s.checkedInAt === null)).toBe(true)
  })

  test('only organizers of the team get the code', async () => {
    expect(await activity(runtime, 'local-volunteer-1', { action: 'checkinCode', activityId: created.id })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    })
    expectOk(
      await runtime.call('user', 'local-admin', { action: 'grantRole', openid: 'local-volunteer-5', role: 'organizer', teamId: 'team-2' }),
    )
    expect(await activity(runtime, 'local-volunteer-5', { action: 'checkinCode', activityId: created.id })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    })
  })
})

describe('hours and points', () => {
  test('min(actual, planned) in half hours, credited on confirmation only; a repeat changes nothing', async () => {
    const seeded = await card('local-volunteer-1') // the demo data gives local-volunteer-1 past hours
    expectOk(await signup('local-volunteer-1'))
    at(created.startAt - 10 * MINUTE_MS)
    expectOk(await scan('local-volunteer-1', 'checkin', await code()))
    at(created.startAt + 81 * MINUTE_MS) // 1 h 31 min after check-in
    expectOk(await scan('local-volunteer-1', 'checkout', await code('checkout')))
    expect(await card('local-volunteer-1')).toMatchObject({ hours: seeded.hours, points: seeded.points })
    expect(await confirm([{ openid: 'local-volunteer-1' }])).toMatchObject({ ok: false, code: 'CONFLICT' }) // before the end
    at(created.endAt)
    const first = expectOk<any>(await confirm([{ openid: 'local-volunteer-1' }]))
    expect(first.results[0]).toMatchObject({ hours: 1.5, points: 20, source: 'measured', changed: true })
    expect(expectOk<any>(await confirm([{ openid: 'local-volunteer-1' }])).results[0].changed).toBe(false)
    expect(await card('local-volunteer-1')).toMatchObject({
      hours: seeded.hours + 1.5,
      points: seeded.points + 20,
      activities: seeded.activities + 1,
      teams: [{ id: 'team-1', name: '青岛地铁志愿服务队' }],
    })
  })

  test('a long stay never exceeds the planned hours; a forgotten check-out gives at most the planned hours', async () => {
    expectOk(await signup('local-volunteer-1'))
    expectOk(await signup('local-volunteer-2'))
    at(created.startAt - 30 * MINUTE_MS)
    expectOk(await scan('local-volunteer-1', 'checkin', await code()))
    expectOk(await scan('local-volunteer-2', 'checkin', await code()))
    at(created.endAt - SECOND_MS)
    expectOk(await scan('local-volunteer-1', 'checkout', await code('checkout')))
    at(created.endAt)
    const roster = expectOk<any>(await activity(runtime, ORGANIZER, { action: 'roster', activityId: created.id }))
    const forgot = roster.items.find((e: any) => e.openid === 'local-volunteer-2')
    expect(forgot.assessment).toEqual({ kind: 'checkout_missing', maxHours: 2 })
    expect(await confirm([{ openid: 'local-volunteer-2', hours: 2.5 }])).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' })
    const { results } = expectOk<any>(await confirm([{ openid: 'local-volunteer-1' }, { openid: 'local-volunteer-2' }]))
    expect(results.map((r: any) => [r.hours, r.source])).toEqual([
      [2, 'measured'],
      [2, 'organizer'],
    ])
  })

  test('an adjustment is marked with who and when and changes the totals by the difference', async () => {
    expectOk(await signup('local-volunteer-1'))
    at(created.startAt)
    expectOk(await scan('local-volunteer-1', 'checkin', await code()))
    at(created.endAt - SECOND_MS)
    expectOk(await scan('local-volunteer-1', 'checkout', await code('checkout')))
    at(created.endAt)
    expectOk(await confirm([{ openid: 'local-volunteer-1' }]))
    const before = (await card('local-volunteer-1')).hours
    at(created.endAt + HOUR_MS)
    expect(expectOk<any>(await confirm([{ openid: 'local-volunteer-1', hours: 1 }])).results[0]).toMatchObject({
      hours: 1,
      source: 'organizer',
    })
    expect((await card('local-volunteer-1')).hours).toBe(before - 1)
    const roster = expectOk<any>(await activity(runtime, ORGANIZER, { action: 'roster', activityId: created.id }))
    expect(roster.items[0].confirmation).toMatchObject({ hours: 1, source: 'organizer', by: ORGANIZER, at: created.endAt + HOUR_MS })
    expect(roster.items[0].hoursLog).toHaveLength(2)
  })

  test('hand check-in is marked; absent people become no-shows the organizer sees', async () => {
    expectOk(await signup('local-volunteer-1'))
    expectOk(await signup('local-volunteer-2'))
    at(created.startAt + HOUR_MS)
    const manual = expectOk<any>(
      await activity(runtime, ORGANIZER, { action: 'manualCheckin', activityId: created.id, openid: 'local-volunteer-1' }),
    )
    expect(manual.manualCheckin).toEqual({ by: ORGANIZER, at: created.startAt + HOUR_MS })
    at(created.endAt)
    const { results } = expectOk<any>(await confirm([{ openid: 'local-volunteer-1' }, { openid: 'local-volunteer-2' }]))
    expect(results.map((r: any) => r.hours)).toEqual([2, 0])
    const roster = expectOk<any>(await activity(runtime, ORGANIZER, { action: 'roster', activityId: created.id }))
    expect(roster.items.find((e: any) => e.openid === 'local-volunteer-2')).toMatchObject({ noShow: true, noShows: 1 })
    expect((await card('local-volunteer-2')).noShows).toBe(1)
    // The volunteer sees that an organizer checked them in and set the hours, never the organizer's OPENID.
    const own = [
      await activity(runtime, 'local-volunteer-1', { action: 'detail', activityId: created.id }),
      await activity(runtime, 'local-volunteer-1', { action: 'mySignups' }),
    ]
    for (const answer of own) expect(JSON.stringify(expectOk(answer))).not.toContain(ORGANIZER)
    const mine = expectOk<any>(own[0]).mySignup
    expect(mine.manualCheckin).toEqual({ at: created.startAt + HOUR_MS })
    expect(mine.confirmation).toMatchObject({ hours: 2, source: 'organizer' })
  })

  test('the leaderboard ranks by hours, city-wide and per team, with masked names', async () => {
    expectOk(await signup('local-volunteer-2'))
    at(created.startAt)
    expectOk(await scan('local-volunteer-2', 'checkin', await code()))
    at(created.endAt - SECOND_MS)
    expectOk(await scan('local-volunteer-2', 'checkout', await code('checkout')))
    at(created.endAt)
    expectOk(await confirm([{ openid: 'local-volunteer-2' }]))
    const team = expectOk<any>(await activity(runtime, 'local-volunteer-2', { action: 'leaderboard', scope: 'team', teamId: 'team-1' }))
    expect(team.items.find((e: any) => e.mine)).toMatchObject({ name: '李*', hours: 2 })
    const city = expectOk<any>(await activity(runtime, 'local-volunteer-2', { action: 'leaderboard', scope: 'city' }))
    const hours = city.items.map((e: any) => e.hours)
    expect(hours).toEqual([...hours].sort((a: number, b: number) => b - a))
    expect(city.me.rank).toBe(city.items.findIndex((e: any) => e.mine) + 1)
  })
})

describe('exportRoster', () => {
  test('writes a CSV to cloud storage and answers a link', async () => {
    expectOk(await signup('local-volunteer-1'))
    const exported = expectOk<any>(await activity(runtime, ORGANIZER, { action: 'exportRoster', activityId: created.id }))
    expect(exported.url).toMatch(/^\/__local\/storage\/exports\/activity\/[0-9a-f]{32}\/roster-[\d-]+\.csv\?expires=\d+$/)
    const csv = String(await runtime.cloud.storage.read(exported.fileID))
    expect(csv).toContain('王小明')
    expect(csv).toContain('13800000001')
    expect(await activity(runtime, 'local-volunteer-1', { action: 'exportRoster', activityId: created.id })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    })
  })
})
