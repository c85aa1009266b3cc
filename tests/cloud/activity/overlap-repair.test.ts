/**
 * No overlap under concurrency (signups and waitlist promotions of one person at the same instant).
 * The repair of a seat taken by a signup request that died is in tests/cloud/fault/seat-repair.test.ts.
 */
import type { LocalRuntime } from '../../../local-cloud/runtime'
import { expectOk } from '../../support/runtime'
import { HOUR_MS } from '../../../domain/time'
import { activity, activityRuntime, addVolunteers, createActivity, database, draftInput } from './support'

let runtime: LocalRuntime
beforeEach(async () => {
  runtime = await activityRuntime()
})
afterEach(() => runtime.close())

const signup = (openid: string, activityId: string) => activity(runtime, openid, { action: 'signup', activityId })
const cancel = (openid: string, activityId: string) => activity(runtime, openid, { action: 'cancelSignup', activityId })

async function stored(collection: string, _id: string): Promise<any> {
  return (await database(runtime).collection(collection).where({ _id }).get()).data[0]
}
/** Lets `n` queued promise callbacks run first. */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await Promise.resolve()
}
const signupOf = (openid: string, activityId: string) => stored('activitySignups', `${activityId}:${openid}`)

/** The default activity (09:00–12:00) and one from 11:00 to 14:00 the same day. */
async function overlappingPair(capacity = 5) {
  const first = await createActivity(runtime, { capacity })
  const later = await createActivity(runtime, {
    capacity,
    startAt: draftInput().startAt + 2 * HOUR_MS,
    endAt: draftInput().endAt + 2 * HOUR_MS,
  })
  return [first.id as string, later.id as string]
}

describe('no overlapping confirmed activities, even at the same instant', () => {
  test('signing up for two overlapping activities at once confirms one; the other is refused and its seat returned', async () => {
    const people = await addVolunteers(runtime, 6)
    for (const openid of people) {
      const [a, b] = await overlappingPair()
      const answers = await Promise.all([signup(openid, a), signup(openid, b)])
      expect(answers.filter((answer) => answer.ok)).toHaveLength(1)
      expect(answers.find((answer) => !answer.ok)).toMatchObject({ code: 'TIME_CONFLICT' })
      const states = [(await signupOf(openid, a))?.status, (await signupOf(openid, b))?.status]
      expect(states.filter((status) => status === 'confirmed')).toHaveLength(1)
      expect((await stored('activities', a)).seatsLeft + (await stored('activities', b)).seatsLeft).toBe(9)
    }
  })

  test('the refused signup leaves nothing behind: the person may sign up again once free', async () => {
    const [volunteer] = await addVolunteers(runtime, 1)
    const [a, b] = await overlappingPair()
    const answers = await Promise.all([signup(volunteer, a), signup(volunteer, b)])
    const [won, lost] = answers[0].ok ? [a, b] : [b, a]
    expect(await signupOf(volunteer, lost)).toMatchObject({ status: 'cancelled' })
    expectOk(await cancel(volunteer, won))
    expect(expectOk<any>(await signup(volunteer, lost))).toMatchObject({ status: 'confirmed', repeated: false })
  })

  test('a promotion racing the person’s own signup for an overlapping activity confirms only one; the seat then goes to the next in line', async () => {
    const people = await addVolunteers(runtime, 3 * 20)
    // Which one wins depends on a few promise turns: start one side or the other up to a few turns later.
    for (let round = 0; round < 20; round++) {
      const [seated, volunteer, next] = people.slice(round * 3, round * 3 + 3)
      const cancelLater = round - 5
      const [a, b] = await overlappingPair(1)
      expectOk(await signup(seated, a))
      expect(expectOk<any>(await signup(volunteer, a)).status).toBe('waitlisted')
      expect(expectOk<any>(await signup(next, a)).status).toBe('waitlisted')
      await Promise.all([turns(cancelLater).then(() => cancel(seated, a)), turns(-cancelLater).then(() => signup(volunteer, b))])
      const inA = (await signupOf(volunteer, a)).status
      const inB = (await signupOf(volunteer, b))?.status
      expect([inA, inB].filter((status) => status === 'confirmed')).toHaveLength(1)
      // The freed seat of A is never lost: the volunteer has it, or the next person does.
      expect((await stored('activities', a)).seatsLeft).toBe(0)
      expect((await signupOf(next, a)).status).toBe(inA === 'confirmed' ? 'waitlisted' : 'confirmed')
    }
  })
})
