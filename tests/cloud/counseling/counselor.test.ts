import type { LocalRuntime } from '../../../local-cloud/runtime'
import { expectOk } from '../../support/runtime'
import { at, book, counselingRuntime } from './support'
import { fieldLabel } from '../../../domain/fieldLabels'

let runtime: LocalRuntime
const counseling = (openid: string, data: Record<string, unknown>) => runtime.call('counseling', openid, data)
const slotStarts = async (from: Date, to: Date) =>
  expectOk<any>(
    await counseling('local-worker', { action: 'slots', counselorId: 'counselor-1', from: from.toISOString(), to: to.toISOString() }),
  ).slots.map((s: any) => new Date(s.start).getTime())

beforeEach(async () => {
  runtime = await counselingRuntime()
})
afterEach(() => runtime.close())

describe('setAvailability', () => {
  test('weekly windows and date exceptions (a day off, other hours) shape the slots', async () => {
    const saved = expectOk<any>(
      await counseling('local-counselor-1', {
        action: 'setAvailability',
        weekly: [
          { weekday: 2, start: '09:00', end: '11:30' },
          { weekday: 3, start: '09:00', end: '10:00' },
        ],
        exceptions: [
          { date: '2026-11-25', windows: [] },
          { date: '2026-11-26', windows: [{ start: '19:00', end: '20:00' }] },
        ],
      }),
    )
    expect(saved.availability.weekly).toHaveLength(2)
    const week = await slotStarts(at('2026-11-23', '00:00'), at('2026-11-27', '00:00'))
    // Tuesday: 09:00 and 10:00 (11:00 would end after 11:30); Wednesday off; Thursday only 19:00.
    expect(week).toEqual([at('2026-11-24', '09:00'), at('2026-11-24', '10:00'), at('2026-11-26', '19:00')].map((d) => d.getTime()))
  })

  test('existing bookings stay when the hours change', async () => {
    const booking = await book(runtime, 'local-worker', at('2026-11-24', '09:00'))
    expectOk(await counseling('local-counselor-1', { action: 'setAvailability', weekly: [{ weekday: 5, start: '09:00', end: '12:00' }] }))
    expect(expectOk<any>(await counseling('local-worker', { action: 'booking', bookingId: booking.bookingId })).status).toBe('pending')
  })

  test.each([
    ['weekly.0', { weekly: [{ weekday: 1, start: '10:00', end: '09:00' }] }],
    [
      'weekly.1',
      {
        weekly: [
          { weekday: 1, start: '09:00', end: '11:00' },
          { weekday: 1, start: '10:00', end: '12:00' },
        ],
      },
    ],
    ['weekly[0].weekday', { weekly: [{ weekday: 8, start: '09:00', end: '10:00' }] }],
    ['exceptions[0].date', { weekly: [], exceptions: [{ date: '2026-13-01', windows: [] }] }],
  ])('a bad availability (%s) is refused naming it and changes nothing', async (field, input) => {
    const answer = await counseling('local-counselor-1', { action: 'setAvailability', ...input })
    expect(answer).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' })
    // named as people name it, never as the code spells it
    expect((answer as any).message).toContain(fieldLabel(field).split(' ')[0])
    expect((answer as any).message).not.toMatch(/[a-z][A-Z]|^[a-z]+：/)
    expect(
      expectOk<any>(await counseling('local-worker', { action: 'counselor', counselorId: 'counselor-1' })).availability.weekly.length,
    ).toBeGreaterThan(2)
  })

  test('only counselors set availability, and only their own', async () => {
    expect(await counseling('local-worker', { action: 'setAvailability', weekly: [] })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expectOk(await counseling('local-counselor-2', { action: 'setAvailability', weekly: [] }))
    expect(
      expectOk<any>(await counseling('local-worker', { action: 'counselor', counselorId: 'counselor-1' })).availability.weekly.length,
    ).toBeGreaterThan(0)
    expect(expectOk<any>(await counseling('local-worker', { action: 'counselor', counselorId: 'counselor-2' })).nextSlot).toBeNull()
  })
})

describe('updateProfile', () => {
  const profile = {
    action: 'updateProfile',
    name: '周心怡',
    title: '国家一级心理咨询师',
    specialties: ['情绪压力'],
    introduction: '新的介绍',
    modes: ['online'],
  }

  test('a counselor edits their own profile; in person needs a place', async () => {
    expectOk(await counseling('local-counselor-1', profile))
    expect(expectOk<any>(await counseling('local-worker', { action: 'counselor', counselorId: 'counselor-1' }))).toMatchObject({
      title: '国家一级心理咨询师',
      modes: ['online'],
      place: null,
    })
    expect(await counseling('local-counselor-1', { ...profile, modes: ['in_person'] })).toMatchObject({
      ok: false,
      code: 'INVALID_ARGUMENT',
    })
    expect(await counseling('local-worker', profile)).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  })

  test('a newly granted counselor creates the profile, then sets hours and can be booked', async () => {
    expectOk(
      await runtime.call('user', 'local-admin', {
        action: 'grantRole',
        openid: 'local-volunteer-5',
        role: 'counselor',
        counselorId: 'counselor-new',
      }),
    )
    expectOk(await counseling('local-volunteer-5', { ...profile, name: '陈静' }))
    expectOk(await counseling('local-volunteer-5', { action: 'setAvailability', weekly: [{ weekday: 2, start: '09:00', end: '10:00' }] }))
    const listed = expectOk<any>(await counseling('local-worker', { action: 'counselors' })).items
    expect(listed.find((c: any) => c.counselorId === 'counselor-new')).toMatchObject({
      name: '陈静',
      nextSlot: { start: at('2026-11-24', '09:00').getTime() },
    })
    const booking = await book(runtime, 'local-worker', at('2026-11-24', '09:00'), { counselorId: 'counselor-new' })
    expect(
      expectOk<any>(await counseling('local-volunteer-5', { action: 'counselorBookings', scope: 'upcoming' })).items[0].bookingId,
    ).toBe(booking.bookingId)
  })
})
