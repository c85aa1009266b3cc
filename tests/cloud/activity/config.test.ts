/**
 * The activity rules read this environment's numbers (APP_CONFIG over the defaults, `ctx.config`), not
 * the defaults: the largest capacity, the cancel cutoff and when check-in opens.
 */
import type { LocalRuntime } from '../../../local-cloud/runtime'
import { makeConfig } from '../../../domain/config'
import { HOUR_MS, MINUTE_MS } from '../../../domain/time'
import { expectOk } from '../../support/runtime'
import { ORGANIZER, activityRuntime, addVolunteers, createActivity, draftInput } from './support'

let runtime: LocalRuntime
beforeEach(async () => {
  runtime = await activityRuntime()
  runtime.env.config = makeConfig({
    activity: { capacityMax: 50, cancelCutoffMs: 48 * HOUR_MS, checkinOpensBeforeStartMs: 60 * MINUTE_MS },
  })
})
afterEach(() => runtime.close())

test('a capacity over the configured largest is refused with that number', async () => {
  const refused = await runtime.call('activity', ORGANIZER, { action: 'create', ...draftInput({ capacity: 51 }) })
  expect(refused).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' })
  expect(refused.ok === false && refused.message).toContain('1–50')
  expectOk(await runtime.call('activity', ORGANIZER, { action: 'create', ...draftInput({ capacity: 50 }) }))
})

test('the configured cancel cutoff and check-in opening apply', async () => {
  const activity = await createActivity(runtime, { capacity: 5 })
  const [volunteer] = await addVolunteers(runtime, 1)
  expectOk(await runtime.call('activity', volunteer, { action: 'signup', activityId: activity.id }))
  // 47 hours before the start: the default 2-hour cutoff would allow it, the configured 48 hours does not.
  const cancel = await runtime.call('activity', volunteer, { action: 'cancelSignup', activityId: activity.id })
  expect(cancel).toMatchObject({ ok: false, code: 'TOO_LATE_TO_CANCEL', message: '活动开始前 48 小时内不能取消报名' })

  const detail = expectOk<any>(await runtime.call('activity', volunteer, { action: 'detail', activityId: activity.id }))
  expect(detail.checkinWindow.start).toBe(activity.startAt - 60 * MINUTE_MS)
  expect(detail.action.kind).toBe('signedUp')

  // 45 minutes before the start: open by the configured hour, closed by the default half hour.
  runtime.clock.set(new Date(activity.startAt - 45 * MINUTE_MS))
  const code = expectOk<any>(await runtime.call('activity', ORGANIZER, { action: 'checkinCode', activityId: activity.id }))
  expect(code.windowStart).toBe(activity.startAt - 60 * MINUTE_MS)
  const checkedIn = expectOk<any>(
    await runtime.call('activity', ORGANIZER, { action: 'manualCheckin', activityId: activity.id, openid: volunteer }),
  )
  expect(checkedIn.checkedInAt).toBe(activity.startAt - 45 * MINUTE_MS)
})
