import type { LocalRuntime } from '../../../local-cloud/runtime'
import { expectOk } from '../../support/runtime'
import { at, book, bookingRequest, counselingRuntime, database, inbox } from './support'
import { fieldLabel } from '../../../domain/fieldLabels'
import { makeConfig } from '../../../domain/config'
import { DAY_MS, HOUR_MS } from '../../../domain/time'

let runtime: LocalRuntime
const counseling = (openid: string, data: Record<string, unknown>) => runtime.call('counseling', openid, data)

beforeEach(async () => {
  runtime = await counselingRuntime()
})
afterEach(() => runtime.close())

describe('counselors and slots', () => {
  test('filters by specialty and mode, and shows the next free slot after the 4-hour notice', async () => {
    const online = expectOk<any>(await counseling('local-worker', { action: 'counselors', mode: 'online' })).items
    expect(online.map((c: any) => c.counselorId).sort()).toEqual(['counselor-1', 'counselor-3', 'counselor-5'])
    const family = expectOk<any>(await counseling('local-worker', { action: 'counselors', specialty: '婚恋家庭' })).items
    expect(family.map((c: any) => c.counselorId).sort()).toEqual(['counselor-2', 'counselor-5'])
    const first = online.find((c: any) => c.counselorId === 'counselor-1')
    // 08:00 now + 4 h = 12:00: the morning is gone, 14:00 is the first session.
    expect(new Date(first.nextSlot.start)).toEqual(at('2026-11-23', '14:00'))
  })

  test('a booked slot disappears from the slots and the next free slot moves on', async () => {
    await book(runtime, 'local-volunteer-1', at('2026-11-23', '14:00'))
    const { slots } = expectOk<any>(
      await counseling('local-worker', { action: 'slots', counselorId: 'counselor-1', to: at('2026-11-24', '00:00').toISOString() }),
    )
    expect(slots.map((s: any) => new Date(s.start))).toEqual([at('2026-11-23', '15:00'), at('2026-11-23', '16:00')])
    const detail = expectOk<any>(await counseling('local-worker', { action: 'counselor', counselorId: 'counselor-1' }))
    expect(new Date(detail.nextSlot.start)).toEqual(at('2026-11-23', '15:00'))
  })

  test('a time the counselor does not offer, or too soon, cannot be booked', async () => {
    for (const start of [at('2026-11-23', '12:00'), at('2026-11-23', '14:30'), at('2026-11-23', '09:00'), at('2026-12-10', '09:00')]) {
      expect(await counseling('local-worker', bookingRequest(start))).toMatchObject({ ok: false, code: 'NOT_IN_WINDOW' })
    }
  })
})

describe('book', () => {
  test('100 simultaneous requests for one slot: exactly 1 booking, 99 SLOT_TAKEN', async () => {
    const start = at('2026-11-24', '09:00')
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => counseling(`wx-rush-${i}`, bookingRequest(start))))
    const codes = answers.map((a) => (a.ok ? 'OK' : a.code))
    expect(codes.filter((c) => c === 'OK')).toHaveLength(1)
    expect(codes.filter((c) => c === 'SLOT_TAKEN')).toHaveLength(99)
    const db = database(runtime)
    expect((await db.collection('counselingBookings').where({ counselorId: 'counselor-1', start }).count()).total).toBe(1)
    expect((await db.collection('slotLocks').where({ counselorId: 'counselor-1', start }).count()).total).toBe(1)
  }, 60000)

  test('a retried request of the same worker gets the same booking', async () => {
    const start = at('2026-11-24', '10:00')
    const first = await book(runtime, 'local-worker', start)
    const again = await book(runtime, 'local-worker', start)
    expect(again.bookingId).toBe(first.bookingId)
    expect((await database(runtime).collection('counselingBookings').where({ workerOpenid: 'local-worker' }).count()).total).toBe(1)
  })

  test('a worker holds at most 2 upcoming bookings, also when asking for several at once', async () => {
    const starts = ['09:00', '10:00', '11:00', '14:00'].map((time) => at('2026-11-25', time))
    const answers = await Promise.all(starts.map((start) => counseling('local-worker', bookingRequest(start))))
    expect(answers.filter((a) => a.ok)).toHaveLength(2)
    expect(answers.filter((a) => !a.ok).map((a: any) => a.code)).toEqual(['BOOKING_LIMIT', 'BOOKING_LIMIT'])
    // Cancelling one frees a place.
    const held = answers.find((a) => a.ok) as any
    expectOk(await counseling('local-worker', { action: 'cancel', bookingId: held.data.bookingId }))
    expectOk(await counseling('local-worker', bookingRequest(at('2026-11-26', '09:00'))))
  })

  test('without the separate consent the booking fails with CONSENT_REQUIRED; the consent is recorded with version and time', async () => {
    for (const consent of [undefined, false]) {
      expect(await counseling('local-worker', bookingRequest(at('2026-11-24', '09:00'), { consent }))).toMatchObject({
        ok: false,
        code: 'CONSENT_REQUIRED',
      })
    }
    expect((await database(runtime).collection('counselingBookings').count()).total).toBe(0)
    const booking = await book(runtime, 'local-worker', at('2026-11-24', '09:00'))
    expect(booking.consent.version).toBe('2026-11')
    expect(new Date(booking.consent.at).getTime()).toBeGreaterThanOrEqual(runtime.clock.now().getTime() - 1000)
    const exported = expectOk<any>(await counseling('local-worker', { action: 'exportMyData' }))
    expect(exported.consents).toEqual([expect.objectContaining({ version: '2026-11', bookingId: booking.bookingId })])
  })

  test.each([
    ['phone', { phone: '123' }],
    ['mode', { mode: 'in_person', counselorId: 'counselor-3' }],
    ['topic', { topic: '' }],
    ['description', { description: '长'.repeat(501) }],
    ['start', { start: 'tomorrow' }],
  ])('a bad %s is INVALID_ARGUMENT naming it, nothing written', async (field, change) => {
    const answer = await counseling('local-worker', bookingRequest(at('2026-11-24', '19:00'), { counselorId: 'counselor-1', ...change }))
    expect(answer).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' })
    // named as people name it, never as the code spells it
    expect((answer as any).message).toContain(fieldLabel(field).split(' ')[0])
    expect((answer as any).message).not.toMatch(/[a-z][A-Z]|^[a-z]+：/)
    expect((await database(runtime).collection('counselingBookings').count()).total).toBe(0)
  })

  test('crisis words flag the booking urgent for the counselor and the answer carries the 12356 hotline', async () => {
    const booking = await book(runtime, 'local-worker', at('2026-11-24', '09:00'), { description: '最近觉得活着没意思，有时候不 想 活了' })
    expect(booking).toMatchObject({ urgent: true, hotline: '12356' })
    const calm = await book(runtime, 'local-volunteer-1', at('2026-11-24', '10:00'))
    expect(calm.urgent).toBe(false)
    expect(calm.hotline).toBeUndefined()
    const today = expectOk<any>(await counseling('local-counselor-1', { action: 'counselorBookings', scope: 'upcoming' })).items
    expect(today.find((b: any) => b.bookingId === booking.bookingId)).toMatchObject({
      urgent: true,
      crisisWords: expect.arrayContaining(['不想活']),
    })
    const notices = await inbox(runtime, 'local-counselor-1')
    expect(notices.map((n) => n.title)).toEqual(expect.arrayContaining(['【紧急】新的咨询预约', '新的咨询预约']))
  })

  test('a nickname keeps the worker anonymous to the counselor', async () => {
    const booking = await book(runtime, 'local-volunteer-1', at('2026-11-24', '09:00'), { nickname: '小鱼' })
    const seen = expectOk<any>(await counseling('local-counselor-1', { action: 'booking', bookingId: booking.bookingId }))
    expect(seen.clientName).toBe('小鱼')
    expect(JSON.stringify(seen)).not.toContain('王小明')
    const named = await book(runtime, 'local-volunteer-2', at('2026-11-24', '10:00'))
    expect(expectOk<any>(await counseling('local-counselor-1', { action: 'booking', bookingId: named.bookingId })).clientName).toBe('李娜')
  })
})

describe("the environment's counseling numbers (APP_CONFIG)", () => {
  test('the booking limit, notice and horizon are the configured ones, and the refusal states the number', async () => {
    runtime.env.config = makeConfig({ counseling: { maxUpcomingBookings: 3, minNoticeMs: HOUR_MS, horizonMs: 2 * DAY_MS } })
    // 08:00 + 1 h notice: 09:00 is offered today; two days ahead ends Wednesday 08:00.
    const { slots } = expectOk<any>(await counseling('local-worker', { action: 'slots', counselorId: 'counselor-1' }))
    expect(new Date(slots[0].start)).toEqual(at('2026-11-23', '09:00'))
    expect(new Date(slots.at(-1).start)).toEqual(at('2026-11-24', '16:00'))
    expect(await counseling('local-worker', bookingRequest(at('2026-11-25', '09:00')))).toMatchObject({ ok: false, code: 'NOT_IN_WINDOW' })

    for (const time of ['09:00', '10:00', '11:00']) await book(runtime, 'local-worker', at('2026-11-23', time))
    expect(await counseling('local-worker', bookingRequest(at('2026-11-24', '09:00')))).toEqual({
      ok: false,
      code: 'BOOKING_LIMIT',
      message: '最多同时保留 3 个未完成的预约',
    })
  })
})
