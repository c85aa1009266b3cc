import { DAY_MS, shanghaiDate } from '../../domain/time'
import { ORGANIZER, T0 as MARCH_1, addVolunteers, createActivity } from './activity/support'
import { bookTag, createBookcase, expectOk, type Bookcase } from './bookcase/support'
import { bookingRequest } from './counseling/support'
import { createTestRuntime } from '../support/runtime'

const ADMIN = 'local-admin'

let h: Bookcase
const dashboard = (openid = ADMIN) => h.runtime.call<any>('user', openid, { action: 'dashboard' })
const activity = (openid: string, data: Record<string, unknown>) => h.runtime.call<any>('activity', openid, data)

beforeEach(async () => {
  h = await createBookcase()
  // The activity helpers plan for the week of Monday 2027-03-01; the cabinets follow any clock.
  await h.setClock(MARCH_1)
})
afterEach(() => h.runtime.close())

const monthOf = (answer: any, month: string) => answer.activity.find((m: any) => m.month === month)
const cabinetOf = (answer: any, cabinetId: string) => answer.loansByCabinet.find((c: any) => c.cabinetId === cabinetId)
const sessionsOf = (answer: any, month: string) => answer.counseling.byMonth.find((m: any) => m.month === month)

test('signups, confirmed hours, loans per cabinet, overdue loans and counseling topics add up from the real actions', async () => {
  const before = expectOk<any>(await dashboard())
  expect(before.months).toEqual(['2026-10', '2026-11', '2026-12', '2027-01', '2027-02', '2027-03'])
  expect(before.loansByCabinet.map((c: any) => c.cabinetId)).toEqual(['cabinet-1', 'cabinet-2'])

  // Two signups in March; a repeated request is the same signup.
  const created = await createActivity(h.runtime, { hours: 3 })
  for (const openid of ['local-volunteer-1', 'local-volunteer-2', 'local-volunteer-1']) {
    expectOk(await activity(openid, { action: 'signup', activityId: created.id }))
  }
  // Hours after the end: 3 + 2, the same again (a retry), then 2 → 2.5: 5.5 in all.
  await h.setClock(new Date(created.endAt))
  const confirm = (entries: unknown[]) => activity(ORGANIZER, { action: 'confirmHours', activityId: created.id, entries })
  const entries = [
    { openid: 'local-volunteer-1', hours: 3 },
    { openid: 'local-volunteer-2', hours: 2 },
  ]
  expectOk(await confirm(entries))
  expectOk(await confirm(entries))
  expectOk(await confirm([{ openid: 'local-volunteer-2', hours: 2.5 }]))

  // Two books out of cabinet-1.
  await h.payDeposit('local-volunteer-1')
  expect((await h.borrow('local-volunteer-1', 'cabinet-1', 1, [bookTag(0), bookTag(1)])).borrowed).toHaveLength(2)

  // One counseling session, about family.
  const { slots } = expectOk<any>(await h.runtime.call('counseling', 'local-volunteer-3', { action: 'slots', counselorId: 'counselor-1' }))
  const sessionMonth = shanghaiDate(new Date(slots[0].start)).slice(0, 7)
  expectOk(await h.runtime.call('counseling', 'local-volunteer-3', { ...bookingRequest(new Date(slots[0].start)), topic: '婚恋家庭' }))

  const after = expectOk<any>(await dashboard())
  expect(monthOf(after, '2027-03').signups - monthOf(before, '2027-03').signups).toBe(2)
  expect(monthOf(after, '2027-03').hours - monthOf(before, '2027-03').hours).toBe(5.5)
  expect(cabinetOf(after, 'cabinet-1').loans - cabinetOf(before, 'cabinet-1').loans).toBe(2)
  expect(cabinetOf(after, 'cabinet-2').loans).toBe(cabinetOf(before, 'cabinet-2').loans)
  expect(after.overdueLoans).toBe(before.overdueLoans)
  expect(sessionsOf(after, sessionMonth).sessions - sessionsOf(before, sessionMonth).sessions).toBe(1)
  expect(sessionsOf(after, sessionMonth).topics['婚恋家庭'] - sessionsOf(before, sessionMonth).topics['婚恋家庭']).toBe(1)

  // The two books are overdue once the 15 free days have passed.
  await h.advance(16 * DAY_MS)
  expect(expectOk<any>(await dashboard()).overdueLoans).toBe(before.overdueLoans + 2)

  // Aggregates only: no one's name, phone, openid, words, or a cabinet's key.
  const text = JSON.stringify(after)
  for (const personal of ['local-volunteer', '志愿者', '13812345678', '最近工作压力大', 'secret', 'realName', 'phone', 'openid']) {
    expect(text).not.toContain(personal)
  }
})

test('simultaneous first signups of a month are all counted, on one counter', async () => {
  const created = await createActivity(h.runtime, { capacity: 5 })
  const volunteers = await addVolunteers(h.runtime, 12)
  const before = monthOf(expectOk<any>(await dashboard()), '2027-03').signups
  const answers = await Promise.all(volunteers.map((openid) => activity(openid, { action: 'signup', activityId: created.id })))
  expect(answers.every((a) => a.ok)).toBe(true)
  expect(monthOf(expectOk<any>(await dashboard()), '2027-03').signups - before).toBe(12)
})

test('only admins see the dashboard', async () => {
  for (const openid of ['local-volunteer-1', 'local-organizer', 'local-counselor-1']) {
    expect(await dashboard(openid)).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  }
})

test('the demo seed counts its own history: the seeded confirmed hours show on the dashboard', async () => {
  const runtime = await createTestRuntime()
  try {
    const answer = expectOk<any>(await runtime.call('user', ADMIN, { action: 'dashboard' }))
    const { volunteer } = expectOk<any>(await runtime.call('user', 'local-volunteer-1', { action: 'me' }))
    const seededHours = answer.activity.reduce((sum: number, month: any) => sum + month.hours, 0)
    expect(volunteer.hours).toBeGreaterThan(0)
    expect(seededHours).toBe(volunteer.hours)
    expect(answer.activity.reduce((sum: number, month: any) => sum + month.signups, 0)).toBeGreaterThan(0)
  } finally {
    await runtime.close()
  }
})
