import type { LocalRuntime } from '../../../local-cloud/runtime'
import { HOUR_MS } from '../../../domain/time'
import { expectOk } from '../../support/runtime'
import { at, book, bookingRequest, counselingRuntime, inbox } from './support'

let runtime: LocalRuntime
const counseling = (openid: string, data: Record<string, unknown>) => runtime.call('counseling', openid, data)
const TUESDAY_9 = at('2026-11-24', '09:00')

beforeEach(async () => {
  runtime = await counselingRuntime()
})
afterEach(() => runtime.close())

describe('cancel', () => {
  test('the worker may cancel until 12 hours before; the slot is free again and the counselor is told', async () => {
    const booking = await book(runtime, 'local-worker', TUESDAY_9)
    runtime.clock.set(new Date(TUESDAY_9.getTime() - 12 * HOUR_MS - 1000))
    const cancelled = expectOk<any>(await counseling('local-worker', { action: 'cancel', bookingId: booking.bookingId }))
    expect(cancelled).toMatchObject({ status: 'cancelled', cancellation: { by: 'worker' } })
    expect(expectOk<any>(await counseling('local-worker', { action: 'myBookings', scope: 'upcoming' })).items).toEqual([])
    const past = expectOk<any>(await counseling('local-worker', { action: 'myBookings', scope: 'past' })).items
    expect(past.map((b: any) => [b.bookingId, b.status])).toEqual([[booking.bookingId, 'cancelled']])
    expect((await inbox(runtime, 'local-counselor-1')).map((m) => m.title)).toContain('来访者取消了预约')
    // Retried: same answer, no second notice.
    expectOk(await counseling('local-worker', { action: 'cancel', bookingId: booking.bookingId }))
    expect((await inbox(runtime, 'local-counselor-1')).filter((m) => m.title === '来访者取消了预约')).toHaveLength(1)
    expectOk(await counseling('local-volunteer-1', bookingRequest(TUESDAY_9)))
  })

  test('within 12 hours the worker cannot cancel: TOO_LATE_TO_CANCEL', async () => {
    const booking = await book(runtime, 'local-worker', TUESDAY_9)
    runtime.clock.set(new Date(TUESDAY_9.getTime() - 11 * HOUR_MS))
    expect(await counseling('local-worker', { action: 'cancel', bookingId: booking.bookingId })).toMatchObject({
      ok: false,
      code: 'TOO_LATE_TO_CANCEL',
    })
    expect(expectOk<any>(await counseling('local-worker', { action: 'booking', bookingId: booking.bookingId })).status).toBe('pending')
  })

  test('the counselor may cancel any time, with a reason the worker reads', async () => {
    const booking = await book(runtime, 'local-worker', TUESDAY_9)
    runtime.clock.set(new Date(TUESDAY_9.getTime() - HOUR_MS))
    expect(await counseling('local-counselor-1', { action: 'cancel', bookingId: booking.bookingId })).toMatchObject({
      ok: false,
      code: 'INVALID_ARGUMENT',
    })
    const cancelled = expectOk<any>(
      await counseling('local-counselor-1', { action: 'cancel', bookingId: booking.bookingId, reason: '临时身体不适' }),
    )
    expect(cancelled).toMatchObject({ status: 'cancelled', cancellation: { by: 'counselor', reason: '临时身体不适' } })
    expect((await inbox(runtime, 'local-worker')).map((m) => m.body).join()).toContain('临时身体不适')
  })
})

describe('reschedule', () => {
  test('cancels and books in one step, keeps the intake, at most 2 times per booking', async () => {
    const first = await book(runtime, 'local-worker', TUESDAY_9)
    const second = expectOk<any>(
      await counseling('local-worker', {
        action: 'reschedule',
        bookingId: first.bookingId,
        start: at('2026-11-24', '10:00').toISOString(),
      }),
    )
    expect(second).toMatchObject({ status: 'pending', rescheduleCount: 1, rescheduledFrom: first.bookingId, topic: '情绪压力' })
    expect(expectOk<any>(await counseling('local-worker', { action: 'booking', bookingId: first.bookingId }))).toMatchObject({
      status: 'cancelled',
      rescheduledTo: second.bookingId,
    })
    // The old slot is free for others; a retried reschedule answers the same new booking.
    expectOk(await counseling('local-volunteer-1', bookingRequest(TUESDAY_9)))
    const retried = expectOk<any>(
      await counseling('local-worker', {
        action: 'reschedule',
        bookingId: first.bookingId,
        start: at('2026-11-24', '10:00').toISOString(),
      }),
    )
    expect(retried.bookingId).toBe(second.bookingId)

    const third = expectOk<any>(
      await counseling('local-worker', {
        action: 'reschedule',
        bookingId: second.bookingId,
        start: at('2026-11-24', '11:00').toISOString(),
      }),
    )
    expect(third.rescheduleCount).toBe(2)
    expect(
      await counseling('local-worker', {
        action: 'reschedule',
        bookingId: third.bookingId,
        start: at('2026-11-24', '14:00').toISOString(),
      }),
    ).toMatchObject({
      ok: false,
      code: 'RESCHEDULE_LIMIT',
    })
    const upcoming = expectOk<any>(await counseling('local-worker', { action: 'myBookings', scope: 'upcoming' })).items
    expect(upcoming.map((b: any) => b.bookingId)).toEqual([third.bookingId])
  })

  test('a taken target changes nothing: the old booking and its slot stay', async () => {
    const mine = await book(runtime, 'local-worker', TUESDAY_9)
    await book(runtime, 'local-volunteer-1', at('2026-11-24', '10:00'))
    expect(
      await counseling('local-worker', { action: 'reschedule', bookingId: mine.bookingId, start: at('2026-11-24', '10:00').toISOString() }),
    ).toMatchObject({
      ok: false,
      code: 'SLOT_TAKEN',
    })
    expect(expectOk<any>(await counseling('local-worker', { action: 'booking', bookingId: mine.bookingId })).status).toBe('pending')
    expect(await counseling('local-volunteer-2', bookingRequest(TUESDAY_9))).toMatchObject({ ok: false, code: 'SLOT_TAKEN' })
  })

  test('within 12 hours a reschedule is TOO_LATE_TO_CANCEL', async () => {
    const booking = await book(runtime, 'local-worker', TUESDAY_9)
    runtime.clock.set(new Date(TUESDAY_9.getTime() - 6 * HOUR_MS))
    expect(
      await counseling('local-worker', {
        action: 'reschedule',
        bookingId: booking.bookingId,
        start: at('2026-11-25', '09:00').toISOString(),
      }),
    ).toMatchObject({
      ok: false,
      code: 'TOO_LATE_TO_CANCEL',
    })
  })
})

describe('the counselor decides', () => {
  test('confirm tells the worker; decline needs a reason and frees the slot; outcomes only after the start', async () => {
    const a = await book(runtime, 'local-worker', TUESDAY_9)
    const b = await book(runtime, 'local-volunteer-1', at('2026-11-24', '10:00'))
    expect(expectOk<any>(await counseling('local-counselor-1', { action: 'confirm', bookingId: a.bookingId })).status).toBe('confirmed')
    expect((await inbox(runtime, 'local-worker')).map((m) => m.title)).toContain('咨询预约已确认')
    expect(await counseling('local-counselor-1', { action: 'decline', bookingId: b.bookingId })).toMatchObject({
      ok: false,
      code: 'INVALID_ARGUMENT',
    })
    expect(
      expectOk<any>(await counseling('local-counselor-1', { action: 'decline', bookingId: b.bookingId, reason: '该主题更适合其他咨询师' }))
        .status,
    ).toBe('declined')
    expectOk(await counseling('local-volunteer-2', bookingRequest(at('2026-11-24', '10:00'))))

    expect(await counseling('local-counselor-1', { action: 'complete', bookingId: a.bookingId })).toMatchObject({
      ok: false,
      code: 'NOT_IN_WINDOW',
    })
    runtime.clock.set(new Date(TUESDAY_9.getTime() + 50 * 60 * 1000))
    expect(expectOk<any>(await counseling('local-counselor-1', { action: 'complete', bookingId: a.bookingId })).status).toBe('completed')
    expect(await counseling('local-counselor-2', { action: 'confirm', bookingId: b.bookingId })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    })
  })

  test('feedback (1–5 and text) only after completion, only by the worker', async () => {
    const booking = await book(runtime, 'local-worker', TUESDAY_9)
    const feedback = { action: 'feedback', bookingId: booking.bookingId, rating: 5, text: '很有帮助' }
    expect(await counseling('local-worker', feedback)).toMatchObject({ ok: false, code: 'CONFLICT' })
    expectOk(await counseling('local-counselor-1', { action: 'confirm', bookingId: booking.bookingId }))
    runtime.clock.set(new Date(TUESDAY_9.getTime() + HOUR_MS))
    expectOk(await counseling('local-counselor-1', { action: 'complete', bookingId: booking.bookingId }))
    expect(await counseling('local-worker', { ...feedback, rating: 6 })).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' })
    expect(await counseling('local-counselor-1', feedback)).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(expectOk<any>(await counseling('local-worker', feedback)).feedback).toMatchObject({ rating: 5, text: '很有帮助' })
  })
})

describe('no-shows', () => {
  test('3 no-shows within 90 days suspend booking for 30 days, and the worker is told until when', async () => {
    for (const date of ['2026-11-24', '2026-11-25', '2026-11-26']) {
      const booking = await book(runtime, 'local-worker', at(date, '09:00'))
      expectOk(await counseling('local-counselor-1', { action: 'confirm', bookingId: booking.bookingId }))
      runtime.clock.set(at(date, '10:00'))
      expectOk(await counseling('local-counselor-1', { action: 'noShow', bookingId: booking.bookingId }))
    }
    const refused = await counseling('local-worker', bookingRequest(at('2026-11-28', '09:00')))
    expect(refused).toMatchObject({ ok: false, code: 'SUSPENDED' })
    expect((refused as any).message).toContain('12月26日')
    expect((await inbox(runtime, 'local-worker')).map((m) => m.title)).toContain('心理咨询预约已暂停')
    runtime.clock.set(at('2026-12-26', '10:00'))
    expectOk(await counseling('local-worker', bookingRequest(at('2026-12-27', '09:00'))))
  })
})

describe('reminders', () => {
  test('24 h and 1 h before a confirmed session, to both sides, once however often the job runs', async () => {
    const booking = await book(runtime, 'local-worker', at('2026-11-25', '09:00'))
    expectOk(await counseling('local-counselor-1', { action: 'confirm', bookingId: booking.bookingId }))
    const run = async () =>
      expectOk<any>(await runtime.invoke('cron', { action: 'run', job: 'counselingReminders' }, { OPENID: '', SOURCE: 'wx_trigger' }))
        .counselingReminders
    const reminders = async (openid: string) => (await inbox(runtime, openid)).filter((m) => m.kind === 'counselingReminder')

    runtime.clock.set(at('2026-11-24', '08:00'))
    expect(await run()).toEqual({ reminded: 0 })
    runtime.clock.set(at('2026-11-24', '09:30'))
    expect(await run()).toEqual({ reminded: 1 })
    expect(await run()).toEqual({ reminded: 0 })
    expect(await reminders('local-worker')).toHaveLength(1)
    expect(await reminders('local-counselor-1')).toHaveLength(1)
    runtime.clock.set(at('2026-11-25', '08:10'))
    await run()
    await run()
    expect((await reminders('local-worker')).map((m) => m.body).join()).toContain('1 小时内')
    expect(await reminders('local-worker')).toHaveLength(2)
    expect(await reminders('local-counselor-1')).toHaveLength(2)
  })
})
