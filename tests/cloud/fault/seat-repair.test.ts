/**
 * Seats never stay stuck: whatever a request that died had taken is given back once its claim is
 * older than CLAIM_STALE_MS (by the next detail or signup of the activity, or the timed trigger), and
 * seatsLeft is repaired to capacity − confirmed signups, with the drift reported.
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

/** What a signup request leaves when it dies right after taking a seat: a pending claim, the seat in flight. */
async function dieAfterTakingSeat(openid: string, activityId: string) {
  expectOk(await signup(openid, activityId))
  const record = await signupOf(openid, activityId)
  const db = database(runtime)
  await db
    .collection('activitySignups')
    .doc(record._id)
    .update({ data: { status: 'pending', seq: -1 } })
  await db
    .collection('activities')
    .doc(activityId)
    .update({ data: { seatsInFlight: db.command.push(`${record._id}@${new Date(record.claimedAt).getTime()}`) } })
}

/** What a cancellation leaves when it dies after giving up the signup, before handing the seat on. */
async function dieInsideCancel(openid: string, activityId: string) {
  const db = database(runtime)
  await db
    .collection('activities')
    .doc(activityId)
    .update({ data: { seatsInFlight: db.command.push(`release-dead@${runtime.clock.now().getTime()}`), seatsVersion: db.command.inc(1) } })
  await db
    .collection('activitySignups')
    .doc(`${activityId}:${openid}`)
    .update({ data: { status: 'cancelled', cancelledAt: runtime.clock.now() } })
}

test('a dead signup’s seat comes back within 30 s at the next look at the activity, and the person may retry', async () => {
  const created = await createActivity(runtime, { capacity: 3 })
  const [volunteer, other] = await addVolunteers(runtime, 2)
  await dieAfterTakingSeat(volunteer, created.id)
  // While the claim may still belong to a live request, nothing is touched.
  runtime.clock.advance(10 * SECOND_MS)
  expect(await detail(other, created.id)).toMatchObject({ confirmedCount: 1 })
  runtime.clock.advance(21 * SECOND_MS)
  expect(await detail(other, created.id)).toMatchObject({ confirmedCount: 0, activity: { seatsLeft: 3 } })
  expect(await stored('activities', created.id)).toMatchObject({ seatsLeft: 3, seatsInFlight: [] })
  // The dead claim is abandoned: a retry takes it over and gets a seat, once.
  expect(expectOk<any>(await signup(volunteer, created.id))).toMatchObject({ status: 'confirmed' })
  expect(await stored('activities', created.id)).toMatchObject({ seatsLeft: 2, seatsInFlight: [] })
})

test('a seat lost inside a cancellation goes to the head of the waitlist', async () => {
  const created = await createActivity(runtime, { capacity: 1 })
  const [seated, waiting] = await addVolunteers(runtime, 2)
  expectOk(await signup(seated, created.id))
  expect(expectOk<any>(await signup(waiting, created.id)).status).toBe('waitlisted')
  await dieInsideCancel(seated, created.id)
  runtime.clock.advance(31 * SECOND_MS)
  expect(await detail(waiting, created.id)).toMatchObject({ confirmedCount: 1, mySignup: { status: 'confirmed' } })
  expect(await stored('activities', created.id)).toMatchObject({ seatsLeft: 0, seatsInFlight: [] })
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
  const answer = await runtime.invoke('cron', { action: 'run', job: 'reconcileSeats' }, { OPENID: '', SOURCE: 'wx_trigger' })
  expect(answer.data.reconcileSeats.repaired).toEqual([{ activityId: created.id, seatsLeftBefore: 0, seatsLeft: 3, staleClaims: 0 }])
  expect((await stored('activities', created.id)).seatsLeft).toBe(3)
  const again = await runtime.invoke('cron', { action: 'run', job: 'reconcileSeats' }, { OPENID: '', SOURCE: 'wx_trigger' })
  expect(again.data.reconcileSeats.repaired).toEqual([])
})

test('a request thought dead cannot confirm its abandoned claim afterwards', async () => {
  const created = await createActivity(runtime, { capacity: 1 })
  const [slow, next] = await addVolunteers(runtime, 2)
  await dieAfterTakingSeat(slow, created.id)
  const claim = await signupOf(slow, created.id)
  runtime.clock.advance(31 * SECOND_MS)
  expect(expectOk<any>(await signup(next, created.id)).status).toBe('confirmed')
  // The slow request wakes up: its conditional confirmation names the old claim and finds nothing.
  const { stats } = await database(runtime)
    .collection('activitySignups')
    .where({ _id: claim._id, status: 'pending', claimedAt: claim.claimedAt })
    .update({ data: { status: 'confirmed' } })
  expect(stats.updated).toBe(0)
  expect(await stored('activities', created.id)).toMatchObject({ seatsLeft: 0 })
})

test('the list shows the seats given back too', async () => {
  const created = await createActivity(runtime, { capacity: 3 })
  const [volunteer, other] = await addVolunteers(runtime, 2)
  await dieAfterTakingSeat(volunteer, created.id)
  runtime.clock.advance(31 * SECOND_MS)
  const { items } = expectOk<any>(await activity(runtime, other, { action: 'list', phase: 'upcoming', pageSize: 50 }))
  expect(items.find((item: any) => item.id === created.id)).toMatchObject({ seatsLeft: 3 })
})
