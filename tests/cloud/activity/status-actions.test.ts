/**
 * Status badges and the actions offered are decided by the server's clock and sent in the views
 * (issue 14, point 2); the volunteer actions answer the page's new state (point 1).
 */
import type { LocalRuntime } from '../../../local-cloud/runtime'
import { expectOk } from '../../support/runtime'
import { HOUR_MS, MINUTE_MS } from '../../../domain/time'
import { ORGANIZER, activity, activityRuntime, addVolunteers, createActivity } from './support'

let runtime: LocalRuntime
beforeEach(async () => {
  runtime = await activityRuntime()
})
afterEach(() => runtime.close())

const detail = async (openid: string, id: string) => expectOk<any>(await activity(runtime, openid, { action: 'detail', activityId: id }))

test('the badge follows the server clock: 报名中 → 已满（可候补）→ 已截止 → 进行中 → 已结束', async () => {
  const created = await createActivity(runtime, { capacity: 1 })
  const [a, b] = await addVolunteers(runtime, 2)
  expect((await detail(a, created.id)).activity.badge).toEqual({ key: 'open', label: '报名中' })
  expectOk(await activity(runtime, a, { action: 'signup', activityId: created.id }))
  expect((await detail(b, created.id)).activity.badge.label).toBe('已满（可候补）')
  runtime.clock.set(new Date(created.signupDeadline))
  expect((await detail(b, created.id)).activity.badge.label).toBe('已截止')
  runtime.clock.set(new Date(created.startAt))
  expect((await detail(b, created.id)).activity.badge.label).toBe('进行中')
  runtime.clock.set(new Date(created.endAt))
  expect((await detail(b, created.id)).activity.badge.label).toBe('已结束')
  const listed = expectOk<any>(await activity(runtime, b, { action: 'list', phase: 'past' }))
  expect(listed.items.find((item: any) => item.id === created.id).badge.label).toBe('已结束')
})

test('a draft shows 草稿 and offers 发布 to its organizer; a cancelled one offers nothing but the roster', async () => {
  const draft = await createActivity(runtime, {}, false)
  const seen = await detail(ORGANIZER, draft.id)
  expect(seen.activity.badge.label).toBe('草稿')
  expect(seen.manage).toEqual({ publish: true, edit: true, cancel: true, checkinCode: false, manualCheckin: false, confirmHours: false })
  expectOk(await activity(runtime, ORGANIZER, { action: 'cancelActivity', activityId: draft.id }))
  const cancelled = await detail(ORGANIZER, draft.id)
  expect(cancelled.activity.badge.label).toBe('已取消')
  expect(cancelled.manage).toEqual({
    publish: false,
    edit: false,
    cancel: false,
    checkinCode: false,
    manualCheckin: false,
    confirmHours: false,
  })
})

test('organizer actions follow the clock: hand check-in from 30 min before start, hours and no cancel after the end', async () => {
  const created = await createActivity(runtime)
  const roster = async () => expectOk<any>(await activity(runtime, ORGANIZER, { action: 'roster', activityId: created.id })).manage
  expect(await roster()).toMatchObject({ publish: false, cancel: true, checkinCode: true, manualCheckin: false, confirmHours: false })
  runtime.clock.set(new Date(created.startAt - 30 * MINUTE_MS))
  expect(await roster()).toMatchObject({ manualCheckin: true, confirmHours: false })
  runtime.clock.set(new Date(created.endAt))
  expect(await roster()).toMatchObject({ cancel: false, edit: false, checkinCode: false, manualCheckin: true, confirmHours: true })
  // what the flag says is what the action does
  expect(await activity(runtime, ORGANIZER, { action: 'cancelActivity', activityId: created.id })).toMatchObject({ ok: false })
  // a volunteer never gets organizer actions
  const [volunteer] = await addVolunteers(runtime, 1)
  expect((await detail(volunteer, created.id)).manage).toBeNull()
})

test('signup answers the new page state; my entry reads 已报名, then the place on the waitlist; after cancelling the page reads true', async () => {
  const created = await createActivity(runtime, { capacity: 1 })
  const [a, b] = await addVolunteers(runtime, 2)
  const first = expectOk<any>(await activity(runtime, a, { action: 'signup', activityId: created.id }))
  expect(first.detail).toMatchObject({
    myBadge: { label: '已报名' },
    action: { kind: 'cancelSignup', label: '取消报名' },
    confirmedCount: 1,
  })
  const second = expectOk<any>(await activity(runtime, b, { action: 'signup', activityId: created.id }))
  expect(second.detail).toMatchObject({ myBadge: { label: '候补第 1 位' }, action: { kind: 'leaveWaitlist' } })
  // A cancellation stays within its DB budget (issue 13); the screen reads the page again after it.
  expectOk<any>(await activity(runtime, a, { action: 'cancelSignup', activityId: created.id }))
  // b took the freed seat at once, so a sees a full activity again
  expect(await detail(a, created.id)).toMatchObject({ mySignup: null, myBadge: null, action: { kind: 'joinWaitlist' }, confirmedCount: 1 })
  // the list marks the caller's own entries
  const listed = expectOk<any>(await activity(runtime, b, { action: 'list' }))
  expect(listed.items.find((item: any) => item.id === created.id).myBadge).toEqual({ key: 'signedUp', label: '已报名' })
  const others = expectOk<any>(await activity(runtime, a, { action: 'list' }))
  expect(others.items.find((item: any) => item.id === created.id).myBadge).toBeNull()
  // b was promoted and sees it in 我的活动
  const mine = expectOk<any>(await activity(runtime, b, { action: 'mySignups', filter: 'upcoming' }))
  expect(mine.items[0].badge.label).toBe('已报名')
  runtime.clock.set(new Date(created.startAt - HOUR_MS / 4))
  expectOk(await activity(runtime, ORGANIZER, { action: 'manualCheckin', activityId: created.id, openid: b }))
  const after = expectOk<any>(await activity(runtime, b, { action: 'mySignups', filter: 'upcoming' }))
  expect(after.items[0].badge.label).toBe('已签到')
})
