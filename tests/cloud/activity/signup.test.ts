import type { LocalRuntime } from '../../../local-cloud/runtime'
import { expectOk } from '../../support/runtime'
import { HOUR_MS, MINUTE_MS, SECOND_MS, shanghaiInstant } from '../../../domain/time'
import { T0, activity, activityRuntime, addVolunteers, createActivity, database } from './support'

let runtime: LocalRuntime
beforeEach(async () => {
  runtime = await activityRuntime()
})
afterEach(() => runtime.close())

const detail = async (openid: string, activityId: string) =>
  expectOk<any>(await activity(runtime, openid, { action: 'detail', activityId }))

describe('signup', () => {
  test('a volunteer gets a seat; a repeat returns the same result and takes no second seat', async () => {
    const created = await createActivity(runtime, { capacity: 2 })
    const first = expectOk<any>(await activity(runtime, 'local-volunteer-1', { action: 'signup', activityId: created.id }))
    expect(first).toMatchObject({ status: 'confirmed', repeated: false })
    const again = expectOk<any>(await activity(runtime, 'local-volunteer-1', { action: 'signup', activityId: created.id }))
    expect(again).toMatchObject({ status: 'confirmed', repeated: true, signupId: first.signupId })
    const seen = await detail('local-volunteer-1', created.id)
    expect(seen).toMatchObject({ confirmedCount: 1, activity: { seatsLeft: 1 }, action: { kind: 'cancelSignup' } })
  })

  test('when full, people join the waitlist in order and see their place', async () => {
    const created = await createActivity(runtime, { capacity: 1 })
    const [a, b, c] = await addVolunteers(runtime, 3)
    for (const openid of [a, b, c]) expectOk(await activity(runtime, openid, { action: 'signup', activityId: created.id }))
    expect(await detail(b, created.id)).toMatchObject({
      waitlistPosition: 1,
      waitlistCount: 2,
      action: { kind: 'leaveWaitlist', label: '取消候补' },
      myBadge: { key: 'waitlisted', label: '候补第 1 位' },
    })
    expect((await detail(c, created.id)).waitlistPosition).toBe(2)
  })

  test('a worker without a profile is refused with PROFILE_INCOMPLETE, nothing written', async () => {
    const created = await createActivity(runtime)
    expect(await activity(runtime, 'local-worker', { action: 'signup', activityId: created.id })).toMatchObject({
      ok: false,
      code: 'PROFILE_INCOMPLETE',
    })
    expect((await database(runtime).collection('activitySignups').where({ activityId: created.id }).count()).total).toBe(0)
  })

  test('after the deadline: DEADLINE_PASSED; the button says 已截止', async () => {
    const created = await createActivity(runtime)
    runtime.clock.set(new Date(created.signupDeadline))
    expect(await activity(runtime, 'local-volunteer-1', { action: 'signup', activityId: created.id })).toMatchObject({
      ok: false,
      code: 'DEADLINE_PASSED',
    })
    expect((await detail('local-volunteer-1', created.id)).action).toMatchObject({
      kind: 'deadlinePassed',
      label: '已截止',
      enabled: false,
    })
  })

  test('an overlapping confirmed activity: TIME_CONFLICT; back-to-back is fine', async () => {
    const morning = await createActivity(runtime)
    const overlapping = await createActivity(runtime, {
      startAt: morning.endAt - HOUR_MS,
      endAt: morning.endAt + HOUR_MS,
      hours: 2,
      signupDeadline: morning.signupDeadline,
    })
    const after = await createActivity(runtime, {
      startAt: morning.endAt,
      endAt: morning.endAt + HOUR_MS,
      hours: 1,
      signupDeadline: morning.signupDeadline,
    })
    expectOk(await activity(runtime, 'local-volunteer-1', { action: 'signup', activityId: morning.id }))
    const clash = await activity(runtime, 'local-volunteer-1', { action: 'signup', activityId: overlapping.id })
    expect(clash).toMatchObject({ ok: false, code: 'TIME_CONFLICT' })
    expect((clash as any).message).toContain('地铁站文明引导')
    expect(expectOk<any>(await activity(runtime, 'local-volunteer-1', { action: 'signup', activityId: after.id })).status).toBe('confirmed')
  })

  test('a draft is invisible to volunteers and cannot be joined', async () => {
    const draft = await createActivity(runtime, {}, false)
    expect(await activity(runtime, 'local-volunteer-1', { action: 'signup', activityId: draft.id })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    })
    expect(await activity(runtime, 'local-volunteer-1', { action: 'detail', activityId: draft.id })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    })
  })
})

describe('cancelSignup', () => {
  test('frees the seat for the first waitlisted person, who is notified', async () => {
    const created = await createActivity(runtime, { capacity: 1 })
    const [a, b, c] = await addVolunteers(runtime, 3)
    for (const openid of [a, b, c]) expectOk(await activity(runtime, openid, { action: 'signup', activityId: created.id }))
    expectOk(await activity(runtime, a, { action: 'cancelSignup', activityId: created.id }))
    expect((await detail(b, created.id)).mySignup.status).toBe('confirmed')
    expect(await detail(c, created.id)).toMatchObject({ waitlistPosition: 1, confirmedCount: 1 })
    const inbox = expectOk<any>(await runtime.call('user', b, { action: 'messages' }))
    expect(inbox.items[0]).toMatchObject({ kind: 'waitlistPromoted', title: '候补已转正：您获得了名额' })
    expect(inbox.items[0].body).toContain('地铁站文明引导')
    // Cancelling again changes nothing.
    expectOk(await activity(runtime, a, { action: 'cancelSignup', activityId: created.id }))
    expect((await detail(c, created.id)).mySignup.status).toBe('waitlisted')
  })

  test('a seat can be given up until 2 hours before start, not after; signing up again after cancelling works', async () => {
    const created = await createActivity(runtime)
    expectOk(await activity(runtime, 'local-volunteer-1', { action: 'signup', activityId: created.id }))
    // The local clock runs on after being set: a second's margin before the 2-hour line.
    runtime.clock.set(new Date(created.startAt - 2 * HOUR_MS - SECOND_MS))
    expectOk(await activity(runtime, 'local-volunteer-1', { action: 'cancelSignup', activityId: created.id }))
    runtime.clock.set(T0)
    expect(expectOk<any>(await activity(runtime, 'local-volunteer-1', { action: 'signup', activityId: created.id })).status).toBe(
      'confirmed',
    )
    runtime.clock.set(new Date(created.startAt - 2 * HOUR_MS + MINUTE_MS))
    expect(await activity(runtime, 'local-volunteer-1', { action: 'cancelSignup', activityId: created.id })).toMatchObject({
      ok: false,
      code: 'TOO_LATE_TO_CANCEL',
    })
    expect((await detail('local-volunteer-1', created.id)).action).toMatchObject({ kind: 'signedUp', enabled: false })
  })
})

describe('time rules in Shanghai', () => {
  test('a deadline at Shanghai midnight: 23:59 is in time, 00:00 is too late', async () => {
    const deadline = shanghaiInstant('2027-03-02') // 2027-03-01T16:00Z
    const created = await createActivity(runtime, { signupDeadline: deadline.getTime() })
    runtime.clock.set(new Date(deadline.getTime() - MINUTE_MS))
    expect(expectOk<any>(await activity(runtime, 'local-volunteer-1', { action: 'signup', activityId: created.id })).status).toBe(
      'confirmed',
    )
    runtime.clock.set(deadline)
    expect(await activity(runtime, 'local-volunteer-2', { action: 'signup', activityId: created.id })).toMatchObject({
      ok: false,
      code: 'DEADLINE_PASSED',
    })
    expect((await activity(runtime, 'local-volunteer-2', { action: 'signup', activityId: created.id })) as any).toMatchObject({
      message: expect.stringContaining('3月2日 周二 00:00'),
    })
  })

  test('an activity from 23:00 to 01:00 Shanghai is ongoing across midnight and listed by phase', async () => {
    const start = shanghaiInstant('2027-03-02', '23:00').getTime()
    const created = await createActivity(runtime, { startAt: start, endAt: start + 2 * HOUR_MS, hours: 2 })
    const phaseList = async (phase: string) =>
      expectOk<any>(await activity(runtime, 'local-volunteer-1', { action: 'list', phase, teamId: 'team-1' })).items.map((a: any) => a.id)
    expect(await phaseList('upcoming')).toContain(created.id)
    runtime.clock.set(shanghaiInstant('2027-03-03', '00:30'))
    expect(await phaseList('ongoing')).toContain(created.id)
    runtime.clock.set(shanghaiInstant('2027-03-03', '01:00'))
    expect(await phaseList('past')).toContain(created.id)
    expect(await phaseList('ongoing')).not.toContain(created.id)
  })
})
