/**
 * Seats never stay stuck: whatever a request that died had taken is given back once no seat has moved
 * and no signup was cancelled for CLAIM_STALE_MS (by the next detail of the activity, or the timed
 * trigger), and seatsLeft is repaired to capacity − confirmed signups, with the drift reported.
 */
import type { LocalRuntime } from '../../../local-cloud/runtime'
import { expectOk } from '../../support/runtime'
import { SECOND_MS } from '../../../domain/time'
import { activity, activityRuntime, addVolunteers, createActivity, database } from '../activity/support'

let runtime: LocalRuntime
beforeEach(async () => {
  runtime = await activityRuntime()
})
afterEach(() => runtime.close())

const signup = (openid: string, activityId: string) => activity(runtime, openid, { action: 'signup', activityId })
const detail = async (openid: string, activityId: string) =>
  expectOk<any>(await activity(runtime, openid, { action: 'detail', activityId }))
const stored = async (collection: string, _id: string): Promise<any> =>
  (await database(runtime).collection(collection).where({ _id }).get()).data[0]
const signupOf = (openid: string, activityId: string) => stored('activitySignups', `${activityId}:${openid}`)

/** What a signup request leaves when it dies right after taking a seat: the seat taken, no signup. */
async function dieAfterTakingSeat(activityId: string) {
  const db = database(runtime)
  const _ = db.command
  const { stats } = await db
    .collection('activities')
    .where({ _id: activityId, seatsLeft: _.gt(0) })
    .update({ data: { seatsLeft: _.inc(-1), seatsVersion: _.inc(1), seatsMovedAt: runtime.clock.now() } })
  expect(stats.updated).toBe(1)
}

/** What a cancellation leaves when it dies after giving up the signup, before handing the seat on. */
async function dieInsideCancel(openid: string, activityId: string) {
  await database(runtime)
    .collection('activitySignups')
    .doc(`${activityId}:${openid}`)
    .update({ data: { status: 'cancelled', cancelledAt: runtime.clock.now() } })
}

test('a dead signup’s seat comes back once no seat moved for 30 s, at the next look at the activity; the person’s retry gets one seat', async () => {
  const created = await createActivity(runtime, { capacity: 3 })
  const [volunteer, other] = await addVolunteers(runtime, 2)
  await dieAfterTakingSeat(created.id)
  // The retry (the client SDK's, or the person's) is a fresh signup.
  expect(expectOk<any>(await signup(volunteer, created.id))).toMatchObject({ status: 'confirmed', repeated: false })
  // While a seat moved recently, a live request may still be recording it: nothing is touched.
  runtime.clock.advance(10 * SECOND_MS)
  expect(await detail(other, created.id)).toMatchObject({ confirmedCount: 2, activity: { seatsLeft: 1 } })
  runtime.clock.advance(21 * SECOND_MS)
  expect(await detail(other, created.id)).toMatchObject({ confirmedCount: 1, activity: { seatsLeft: 2 } })
  expect(expectOk<any>(await signup(volunteer, created.id))).toMatchObject({ status: 'confirmed', repeated: true })
  expect(await stored('activities', created.id)).toMatchObject({ seatsLeft: 2 })
})

test('two retries at once after a dead signup: one signup, one seat', async () => {
  const created = await createActivity(runtime, { capacity: 3 })
  const [volunteer] = await addVolunteers(runtime, 1)
  await dieAfterTakingSeat(created.id)
  const answers = await Promise.all([signup(volunteer, created.id), signup(volunteer, created.id)])
  expect(answers.every((answer) => answer.ok && (answer.data as any).status === 'confirmed')).toBe(true)
  expect((await stored('activities', created.id)).seatsLeft).toBe(1)
  runtime.clock.advance(31 * SECOND_MS)
  expect(await detail(volunteer, created.id)).toMatchObject({ confirmedCount: 1, activity: { seatsLeft: 2 } })
})

test('when the activity is full, the seat a dead signup took goes to the head of the waitlist', async () => {
  const created = await createActivity(runtime, { capacity: 2 })
  const [seated, waiting, later] = await addVolunteers(runtime, 3)
  await dieAfterTakingSeat(created.id)
  expectOk(await signup(seated, created.id))
  expect(expectOk<any>(await signup(waiting, created.id)).status).toBe('waitlisted')
  expect(expectOk<any>(await signup(later, created.id)).waitlistPosition).toBe(2)
  runtime.clock.advance(31 * SECOND_MS)
  expect(await detail(later, created.id)).toMatchObject({ confirmedCount: 2, waitlistPosition: 1, activity: { seatsLeft: 0 } })
  expect((await signupOf(waiting, created.id)).status).toBe('confirmed')
})

test('a seat lost inside a cancellation goes to the head of the waitlist, once no cancellation is 30 s recent', async () => {
  const created = await createActivity(runtime, { capacity: 1 })
  const [seated, waiting] = await addVolunteers(runtime, 2)
  expectOk(await signup(seated, created.id))
  expect(expectOk<any>(await signup(waiting, created.id)).status).toBe('waitlisted')
  runtime.clock.advance(31 * SECOND_MS)
  await dieInsideCancel(seated, created.id)
  // A cancellation this recent may still be handing its seat on: nothing is touched.
  runtime.clock.advance(10 * SECOND_MS)
  expect(await detail(waiting, created.id)).toMatchObject({ mySignup: { status: 'waitlisted' }, activity: { seatsLeft: 0 } })
  runtime.clock.advance(21 * SECOND_MS)
  expect(await detail(waiting, created.id)).toMatchObject({ confirmedCount: 1, mySignup: { status: 'confirmed' } })
  expect(await stored('activities', created.id)).toMatchObject({ seatsLeft: 0 })
})

test('the timed trigger repairs and reports any drift between seatsLeft and the confirmed signups', async () => {
  const created = await createActivity(runtime, { capacity: 5 })
  const people = await addVolunteers(runtime, 2)
  for (const openid of people) expectOk(await signup(openid, created.id))
  const db = database(runtime)
  await db
    .collection('activities')
    .doc(created.id)
    .update({ data: { seatsLeft: 0 } })
  runtime.clock.advance(31 * SECOND_MS)
  const answer = await runtime.invoke('cron', { action: 'run', job: 'reconcileSeats' }, { OPENID: '', SOURCE: 'wx_trigger' })
  expect(answer.data.reconcileSeats.repaired).toEqual([{ activityId: created.id, seatsLeftBefore: 0, seatsLeft: 3 }])
  expect((await stored('activities', created.id)).seatsLeft).toBe(3)
  const again = await runtime.invoke('cron', { action: 'run', job: 'reconcileSeats' }, { OPENID: '', SOURCE: 'wx_trigger' })
  expect(again.data.reconcileSeats.repaired).toEqual([])
  // The list shows the repaired seats.
  const { items } = expectOk<any>(await activity(runtime, people[0], { action: 'list', phase: 'upcoming', pageSize: 50 }))
  expect(items.find((item: any) => item.id === created.id)).toMatchObject({ seatsLeft: 3 })
})
