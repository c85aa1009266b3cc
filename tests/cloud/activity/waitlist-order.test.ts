/**
 * Production follows the domain's rules (domain/activity/signup): `decideSignup` decides whether a
 * seat is tried for, and `promotionOrder` — arrival order (`seq`), not the signup's clock time — picks
 * who gets a freed seat.
 */
import type { LocalRuntime } from '../../../local-cloud/runtime'
import { HOUR_MS } from '../../../domain/time'
import { expectOk } from '../../support/runtime'
import { T0, activityRuntime, addVolunteers, createActivity } from './support'

let runtime: LocalRuntime
beforeEach(async () => {
  runtime = await activityRuntime()
})
afterEach(() => runtime.close())

test('a signup the rule sends to the waitlist (no seat left when read) writes no seat, only its place', async () => {
  const activity = await createActivity(runtime, { capacity: 1 })
  const [first, second] = await addVolunteers(runtime, 2)
  expectOk(await runtime.call('activity', first, { action: 'signup', activityId: activity.id }))
  runtime.calls.clear()
  const answer = expectOk<any>(await runtime.call('activity', second, { action: 'signup', activityId: activity.id }))
  expect(answer).toMatchObject({ status: 'waitlisted', waitlistPosition: 1, repeated: false })
  // One write: the signup itself (no failed seat update before it).
  expect(runtime.calls.list()[0].db.writes).toBe(1)
  // Asked again, the rule answers the same place as a repeat.
  expect(expectOk<any>(await runtime.call('activity', second, { action: 'signup', activityId: activity.id }))).toMatchObject({
    status: 'waitlisted',
    waitlistPosition: 1,
    repeated: true,
  })
})

test('a freed seat goes to the first to arrive, even when the clock says another signed up earlier', async () => {
  const activity = await createActivity(runtime, { capacity: 1 })
  const [holder, arrivedFirst, arrivedSecond] = await addVolunteers(runtime, 3)
  expectOk(await runtime.call('activity', holder, { action: 'signup', activityId: activity.id }))
  runtime.clock.set(new Date(T0.getTime() + HOUR_MS))
  expectOk(await runtime.call('activity', arrivedFirst, { action: 'signup', activityId: activity.id }))
  // The clock stepped back (another instance, a corrected clock): signedUpAt is earlier, the arrival later.
  runtime.clock.set(T0)
  expectOk(await runtime.call('activity', arrivedSecond, { action: 'signup', activityId: activity.id }))

  expectOk(await runtime.call('activity', holder, { action: 'cancelSignup', activityId: activity.id }))
  const statusOf = async (openid: string) =>
    expectOk<any>(await runtime.call('activity', openid, { action: 'detail', activityId: activity.id })).mySignup.status
  expect(await statusOf(arrivedFirst)).toBe('confirmed')
  expect(await statusOf(arrivedSecond)).toBe('waitlisted')
})
