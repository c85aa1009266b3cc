import type { LocalRuntime } from '../../../local-cloud/runtime'
import { expectOk } from '../../support/runtime'
import { HOUR_MS } from '../../../domain/time'
import { ORGANIZER, activity, activityRuntime, addVolunteers, createActivity, database, draftInput } from './support'
import { fieldLabel } from '../../../domain/fieldLabels'

let runtime: LocalRuntime
beforeEach(async () => {
  runtime = await activityRuntime()
})
afterEach(() => runtime.close())

const countActivities = async () => (await database(runtime).collection('activities').count()).total
const stored = async (id: string) => (await database(runtime).collection('activities').where({ _id: id }).get()).data[0]

describe('create', () => {
  test('a draft, then published; a retried create with the same requestId makes one activity', async () => {
    const before = await countActivities()
    const draft = expectOk<any>(await activity(runtime, ORGANIZER, { action: 'create', ...draftInput(), requestId: 'form-1' }))
    expect(draft).toMatchObject({ status: 'draft', teamName: '青岛地铁志愿服务队', seatsLeft: 30 })
    expect(expectOk<any>(await activity(runtime, ORGANIZER, { action: 'create', ...draftInput(), requestId: 'form-1' })).id).toBe(draft.id)
    expect(await countActivities()).toBe(before + 1)
    expect(expectOk<any>(await activity(runtime, ORGANIZER, { action: 'publish', activityId: draft.id })).status).toBe('published')
    expect(expectOk<any>(await activity(runtime, ORGANIZER, { action: 'publish', activityId: draft.id })).status).toBe('published')
  })

  test('publish and cancelActivity answer the page the organizer sees next: the same as asking for it again', async () => {
    const draft = expectOk<any>(await activity(runtime, ORGANIZER, { action: 'create', ...draftInput() }))
    const detail = async () => expectOk<any>(await activity(runtime, ORGANIZER, { action: 'detail', activityId: draft.id }))
    const published = expectOk<any>(await activity(runtime, ORGANIZER, { action: 'publish', activityId: draft.id }))
    expect(published.detail).toMatchObject({ activity: { status: 'published' }, manage: { publish: false, cancel: true } })
    expect(published.detail).toEqual(await detail())
    const [volunteer] = await addVolunteers(runtime, 1)
    expectOk(await activity(runtime, volunteer, { action: 'signup', activityId: draft.id }))
    const cancelled = expectOk<any>(await activity(runtime, ORGANIZER, { action: 'cancelActivity', activityId: draft.id }))
    expect(cancelled.detail).toMatchObject({ activity: { status: 'cancelled' }, confirmedCount: 1, manage: { cancel: false, edit: false } })
    expect(cancelled.detail).toEqual(await detail())
  })

  test.each([
    [{ capacity: -5 }, 'capacity'],
    [{ capacity: 10_000_000 }, 'capacity'],
    [{ capacity: 2.5 }, 'capacity'],
    [{ endAt: draftInput().startAt - HOUR_MS }, 'endAt'],
    [{ signupDeadline: draftInput().startAt + HOUR_MS }, 'signupDeadline'],
    [{ startAt: Date.UTC(2020, 0, 1), endAt: Date.UTC(2020, 0, 1) + HOUR_MS, signupDeadline: Date.UTC(2019, 11, 1) }, 'startAt'],
    [{ hours: 0.3 }, 'hours'],
    [{ category: '打麻将' }, 'category'],
    [{ title: '' }, 'title'],
    [{ location: { name: '青岛站', latitude: 200, longitude: 120 } }, 'location.latitude'],
    [{ startAt: 'tomorrow' }, 'startAt'],
  ])('%o is refused naming %s, nothing written', async (change, field) => {
    const before = await countActivities()
    const answer = await activity(runtime, ORGANIZER, { action: 'create', ...draftInput(change) })
    expect(answer).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' })
    // named as people name it, never as the code spells it
    expect((answer as any).message).toContain(fieldLabel(field).split(' ')[0])
    expect((answer as any).message).not.toMatch(/[a-z][A-Z]|^[a-z]+：/)
    expect(await countActivities()).toBe(before)
  })

  test('a volunteer, or an organizer for another team, cannot create for team-1', async () => {
    expect(await activity(runtime, 'local-volunteer-1', { action: 'create', ...draftInput() })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    })
    expectOk(
      await runtime.call('user', 'local-admin', { action: 'grantRole', openid: 'local-volunteer-5', role: 'organizer', teamId: 'team-2' }),
    )
    expect(await activity(runtime, 'local-volunteer-5', { action: 'create', ...draftInput() })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    })
    expectOk(await activity(runtime, 'local-volunteer-5', { action: 'create', ...draftInput({ teamId: 'team-2' }) }))
  })
})

describe('update', () => {
  test('capacity cannot go below the confirmed count; raising it promotes the waitlist', async () => {
    const created = await createActivity(runtime, { capacity: 3 })
    const people = await addVolunteers(runtime, 5)
    for (const openid of people) expectOk(await activity(runtime, openid, { action: 'signup', activityId: created.id }))
    const lower = await activity(runtime, ORGANIZER, { action: 'update', activityId: created.id, capacity: 2 })
    expect(lower).toMatchObject({ ok: false, code: 'CONFLICT', message: '招募人数不能少于已获得名额的 3 人' })
    expect(await stored(created.id)).toMatchObject({ capacity: 3, seatsLeft: 0 })
    const raised = expectOk<any>(
      await activity(runtime, ORGANIZER, { action: 'update', activityId: created.id, capacity: 4, title: '地铁站文明引导（加场）' }),
    )
    expect(raised).toMatchObject({ capacity: 4, seatsLeft: 0, title: '地铁站文明引导（加场）' })
    const promoted = expectOk<any>(await activity(runtime, people[3], { action: 'detail', activityId: created.id }))
    expect(promoted.mySignup.status).toBe('confirmed')
    expect(expectOk<any>(await activity(runtime, people[3], { action: 'mySignups', filter: 'upcoming' })).items[0].title).toBe(
      '地铁站文明引导（加场）',
    )
  })

  test('end before start and absurd capacity are refused; others cannot edit', async () => {
    const created = await createActivity(runtime)
    expect(await activity(runtime, ORGANIZER, { action: 'update', activityId: created.id, endAt: created.startAt - 1 })).toMatchObject({
      ok: false,
      code: 'INVALID_ARGUMENT',
    })
    expect(await activity(runtime, ORGANIZER, { action: 'update', activityId: created.id, capacity: -1 })).toMatchObject({
      ok: false,
      code: 'INVALID_ARGUMENT',
    })
    expect(await activity(runtime, 'local-volunteer-1', { action: 'update', activityId: created.id, title: '改个名字' })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    })
    expect(await stored(created.id)).toMatchObject({ title: created.title, capacity: created.capacity, endAt: new Date(created.endAt) })
  })
})

describe('cancelActivity', () => {
  test('notifies everyone signed up, once, and ends signups', async () => {
    const created = await createActivity(runtime, { capacity: 1 })
    const people = await addVolunteers(runtime, 3)
    for (const openid of people) expectOk(await activity(runtime, openid, { action: 'signup', activityId: created.id }))
    const first = expectOk<any>(
      await activity(runtime, ORGANIZER, { action: 'cancelActivity', activityId: created.id, reason: '天气原因' }),
    )
    expect(first).toMatchObject({ notified: 3, activity: { status: 'cancelled' } })
    expect(expectOk<any>(await activity(runtime, ORGANIZER, { action: 'cancelActivity', activityId: created.id })).notified).toBe(0)
    const inbox = expectOk<any>(await runtime.call('user', people[2], { action: 'messages' }))
    expect(inbox.items[0]).toMatchObject({ kind: 'activityCancelled' })
    expect(inbox.items[0].body).toContain('天气原因')
    expect(await activity(runtime, 'local-volunteer-1', { action: 'signup', activityId: created.id })).toMatchObject({
      ok: false,
      code: 'CONFLICT',
    })
    expect(expectOk<any>(await activity(runtime, people[0], { action: 'detail', activityId: created.id })).action.kind).toBe(
      'activityCancelled',
    )
  })

  test('an activity that has ended cannot be cancelled', async () => {
    const created = await createActivity(runtime)
    runtime.clock.set(new Date(created.endAt))
    expect(await activity(runtime, ORGANIZER, { action: 'cancelActivity', activityId: created.id })).toMatchObject({
      ok: false,
      code: 'CONFLICT',
    })
    expect((await stored(created.id)).status).toBe('published')
  })

  test('an organizer of another team gets FORBIDDEN and nothing changes', async () => {
    const created = await createActivity(runtime)
    expectOk(
      await runtime.call('user', 'local-admin', { action: 'grantRole', openid: 'local-volunteer-5', role: 'organizer', teamId: 'team-2' }),
    )
    for (const action of ['cancelActivity', 'roster', 'exportRoster', 'publish']) {
      expect(await activity(runtime, 'local-volunteer-5', { action, activityId: created.id })).toMatchObject({
        ok: false,
        code: 'FORBIDDEN',
      })
    }
    expect((await stored(created.id)).status).toBe('published')
  })
})

describe('list', () => {
  test('filters by category, team and seats, paginated', async () => {
    const full = await createActivity(runtime, { capacity: 1, category: '环保', title: '海滩清洁' })
    expectOk(await activity(runtime, 'local-volunteer-2', { action: 'signup', activityId: full.id }))
    const open = await createActivity(runtime, { category: '环保', title: '公园清洁' })
    const list = async (filters: Record<string, unknown>) =>
      expectOk<any>(await activity(runtime, 'local-volunteer-1', { action: 'list', ...filters }))
    expect((await list({ category: '环保', phase: 'upcoming' })).items.map((a: any) => a.id)).toEqual(
      expect.arrayContaining([full.id, open.id]),
    )
    const withSeats = (await list({ category: '环保', hasSeats: true })).items.map((a: any) => a.id)
    expect(withSeats).toContain(open.id)
    expect(withSeats).not.toContain(full.id)
    expect((await list({ teamId: 'team-2' })).items.every((a: any) => a.teamId === 'team-2')).toBe(true)
    const page1 = await list({ pageSize: 1, category: '环保' })
    const page2 = await list({ pageSize: 1, offset: 1, category: '环保' })
    expect(page1.hasMore).toBe(true)
    expect(page1.items[0].id).not.toBe(page2.items[0].id)
  })

  test('manage lists drafts of the organizer’s teams only', async () => {
    const draft = await createActivity(runtime, {}, false)
    expect(expectOk<any>(await activity(runtime, 'local-volunteer-1', { action: 'list' })).items.map((a: any) => a.id)).not.toContain(
      draft.id,
    )
    const managed = expectOk<any>(await activity(runtime, ORGANIZER, { action: 'list', manage: true, pageSize: 50 }))
    expect(managed.items.map((a: any) => a.id)).toContain(draft.id)
    expect(managed.items.every((a: any) => a.teamId === 'team-1')).toBe(true)
    expect(await activity(runtime, 'local-volunteer-1', { action: 'list', manage: true })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  })
})
