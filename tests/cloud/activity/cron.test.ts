/** The activity jobs of the timed trigger: ended activities finished, no-shows counted once. */
import type { LocalRuntime } from '../../../local-cloud/runtime'
import { expectOk } from '../../support/runtime'
import { HOUR_MS, MINUTE_MS } from '../../../domain/time'
import { ORGANIZER, activity, activityRuntime, addVolunteers, createActivity, database, draftInput } from './support'

let runtime: LocalRuntime
beforeEach(async () => {
  runtime = await activityRuntime()
})
afterEach(() => runtime.close())

const START = draftInput().startAt as number
const END = draftInput().endAt as number
const at = (ms: number) => runtime.clock.set(new Date(ms))

async function runCron(job?: string) {
  const event = job ? { action: 'run', job } : { Type: 'Timer', TriggerName: 'hourly' }
  return expectOk<any>(await runtime.invoke('cron', event, { OPENID: '', SOURCE: 'wx_trigger' }))
}

async function stored(collection: string, _id: string): Promise<any> {
  return (await database(runtime).collection(collection).where({ _id }).get()).data[0]
}
const noShowsOf = async (openid: string) => expectOk<any>(await activity(runtime, openid, { action: 'volunteerCard' })).noShows

/** Capacity 3: `came` is checked in by hand, `absent` and `excused` never (hours for `excused` may be added by hand), `waiting` stays on the waitlist. */
async function heldActivity() {
  const created = await createActivity(runtime, { capacity: 3 })
  const [came, absent, excused, waiting] = await addVolunteers(runtime, 4)
  for (const openid of [came, absent, excused, waiting])
    expectOk(await activity(runtime, openid, { action: 'signup', activityId: created.id }))
  at(START - 10 * MINUTE_MS)
  expectOk(await activity(runtime, ORGANIZER, { action: 'manualCheckin', activityId: created.id, openid: came }))
  return { id: created.id as string, came, absent, excused, waiting }
}

describe('activity cron jobs', () => {
  test('before the end nothing changes; after it the activity is finished and each absent person counted once, however often or concurrently it runs', async () => {
    const held = await heldActivity()
    at(END - MINUTE_MS)
    await runCron()
    expect(await stored('activities', held.id)).toMatchObject({ status: 'published' })
    expect(await noShowsOf(held.absent)).toBe(0)

    at(END + HOUR_MS)
    await Promise.all([runCron(), runCron(), runCron('finishActivities'), runCron('activityNoShows')])
    await runCron()
    expect(await stored('activities', held.id)).toMatchObject({ status: 'finished', updatedAt: expect.any(Date) })
    expect(await stored('activitySignups', `${held.id}:${held.absent}`)).toMatchObject({ noShow: true, activityStatus: 'finished' })
    expect(await noShowsOf(held.absent)).toBe(1)
    expect(await noShowsOf(held.excused)).toBe(1)
    expect(await noShowsOf(held.came)).toBe(0)
    expect(await noShowsOf(held.waiting)).toBe(0)
    const roster = expectOk<any>(await activity(runtime, ORGANIZER, { action: 'roster', activityId: held.id }))
    expect(roster.items.find((entry: any) => entry.openid === held.absent)).toMatchObject({ noShow: true, noShows: 1 })
  })

  test('confirming hours afterwards does not count the no-show again; hours added by hand take it back', async () => {
    const held = await heldActivity()
    at(END + HOUR_MS)
    await runCron()
    const confirm = (entries: unknown[]) => activity(runtime, ORGANIZER, { action: 'confirmHours', activityId: held.id, entries })
    expect(expectOk<any>(await confirm([{ openid: held.absent }])).results[0]).toMatchObject({ hours: 0 })
    expect(await noShowsOf(held.absent)).toBe(1)
    expectOk(await confirm([{ openid: held.excused, hours: 2 }]))
    expect(await noShowsOf(held.excused)).toBe(0)
    await runCron()
    expect([await noShowsOf(held.absent), await noShowsOf(held.excused)]).toEqual([1, 0])
  })

  test('a cancelled activity stays cancelled and counts no one', async () => {
    const created = await createActivity(runtime)
    const [volunteer] = await addVolunteers(runtime, 1)
    expectOk(await activity(runtime, volunteer, { action: 'signup', activityId: created.id }))
    expectOk(await activity(runtime, ORGANIZER, { action: 'cancelActivity', activityId: created.id, reason: '天气原因' }))
    at(END + HOUR_MS)
    await runCron()
    expect(await stored('activities', created.id)).toMatchObject({ status: 'cancelled' })
    expect(await noShowsOf(volunteer)).toBe(0)
  })
})
