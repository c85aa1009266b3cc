/** The seat rules under simultaneous requests, against the local cloud (each database operation runs alone, as in production). */
import type { LocalRuntime } from '../../../local-cloud/runtime'
import { expectOk } from '../../support/runtime'
import { activity, activityRuntime, addVolunteers, createActivity, database } from './support'

let runtime: LocalRuntime
beforeEach(async () => {
  runtime = await activityRuntime()
})
afterEach(() => runtime.close())

async function signupsOf(activityId: string) {
  const db = database(runtime)
  const all: any[] = []
  for (let offset = 0; ; offset += 100) {
    const { data } = await db.collection('activitySignups').where({ activityId }).orderBy('seq', 'asc').skip(offset).limit(100).get()
    all.push(...data)
    if (data.length < 100) return all
  }
}

test('300 simultaneous signups for 30 seats: exactly 30 confirmed, 270 waitlisted in arrival order', async () => {
  const created = await createActivity(runtime, { capacity: 30 })
  const people = await addVolunteers(runtime, 300)
  const answers = await Promise.all(people.map((openid) => activity(runtime, openid, { action: 'signup', activityId: created.id })))
  expect(answers.every((a) => a.ok)).toBe(true)

  const signups = await signupsOf(created.id)
  expect(signups).toHaveLength(300)
  const confirmed = signups.filter((s) => s.status === 'confirmed')
  const waitlisted = signups.filter((s) => s.status === 'waitlisted')
  expect(confirmed).toHaveLength(30)
  expect(waitlisted).toHaveLength(270)
  // Arrival order: every seq once, and every seat went to someone who arrived before everyone waiting.
  expect(new Set(signups.map((s) => s.seq)).size).toBe(300)
  expect(Math.max(...confirmed.map((s) => s.seq))).toBeLessThan(Math.min(...waitlisted.map((s) => s.seq)))
  // Each person's answer tells their own place, 1…270 without gaps.
  const places = answers.map((a: any) => a.data.waitlistPosition).filter((p) => p !== null)
  expect([...places].sort((x, y) => x - y)).toEqual(Array.from({ length: 270 }, (_, i) => i + 1))
  const after = expectOk<any>(await activity(runtime, people[0], { action: 'detail', activityId: created.id }))
  expect(after).toMatchObject({ confirmedCount: 30, waitlistCount: 270, activity: { seatsLeft: 0 } })
}, 60_000)

test('50 simultaneous cancels promote exactly the first 50 waitlisted, in order', async () => {
  const created = await createActivity(runtime, { capacity: 50 })
  const people = await addVolunteers(runtime, 120)
  for (const openid of people) expectOk(await activity(runtime, openid, { action: 'signup', activityId: created.id }))
  const seated = people.slice(0, 50)
  const waiting = people.slice(50)

  const answers = await Promise.all(seated.map((openid) => activity(runtime, openid, { action: 'cancelSignup', activityId: created.id })))
  expect(answers.every((a) => a.ok)).toBe(true)

  const byPerson = new Map((await signupsOf(created.id)).map((s) => [s.openid, s]))
  expect(seated.every((openid) => byPerson.get(openid).status === 'cancelled')).toBe(true)
  expect(waiting.slice(0, 50).every((openid) => byPerson.get(openid).status === 'confirmed')).toBe(true)
  expect(waiting.slice(50).every((openid) => byPerson.get(openid).status === 'waitlisted')).toBe(true)
  const after = expectOk<any>(await activity(runtime, waiting[50], { action: 'detail', activityId: created.id }))
  expect(after).toMatchObject({ confirmedCount: 50, waitlistCount: 20, waitlistPosition: 1, activity: { seatsLeft: 0 } })
  const { total: notices } = await database(runtime).collection('messages').where({ kind: 'waitlistPromoted' }).count()
  expect(notices).toBe(50)
}, 60_000)

test('one person signing up twice at once gets one signup and one seat', async () => {
  const created = await createActivity(runtime, { capacity: 5 })
  const answers = await Promise.all(
    [1, 2, 3].map(() => activity(runtime, 'local-volunteer-1', { action: 'signup', activityId: created.id })),
  )
  expect(answers.every((a) => a.ok && a.data.status === 'confirmed')).toBe(true)
  expect(new Set(answers.map((a: any) => a.data.signupId)).size).toBe(1)
  expect(answers.filter((a: any) => !a.data.repeated)).toHaveLength(1)
  expect(await signupsOf(created.id)).toHaveLength(1)
  expect(expectOk<any>(await activity(runtime, 'local-volunteer-1', { action: 'detail', activityId: created.id })).activity.seatsLeft).toBe(
    4,
  )
})

test('simultaneous signups and cancels never exceed the capacity and leave no seat idle while people wait', async () => {
  const created = await createActivity(runtime, { capacity: 10 })
  const people = await addVolunteers(runtime, 40)
  for (const openid of people.slice(0, 20)) expectOk(await activity(runtime, openid, { action: 'signup', activityId: created.id }))
  await Promise.all([
    ...people.slice(0, 8).map((openid) => activity(runtime, openid, { action: 'cancelSignup', activityId: created.id })),
    ...people.slice(20).map((openid) => activity(runtime, openid, { action: 'signup', activityId: created.id })),
  ])
  const signups = await signupsOf(created.id)
  const confirmed = signups.filter((s) => s.status === 'confirmed')
  expect(confirmed).toHaveLength(10)
  const { data } = await database(runtime).collection('activities').where({ _id: created.id }).get()
  expect(data[0].seatsLeft).toBe(0)
})
