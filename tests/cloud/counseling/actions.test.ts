/**
 * The counselor's actions are the server's to offer, by its clock (issue 14, points 2 and 5), and a
 * screen acting on a stale booking is refused with a clear message (point 1).
 */
import type { LocalRuntime } from '../../../local-cloud/runtime'
import { HOUR_MS, MINUTE_MS } from '../../../domain/time'
import { expectOk } from '../../support/runtime'
import { at, book, counselingRuntime } from './support'

let runtime: LocalRuntime
const counseling = (openid: string, data: Record<string, unknown>) => runtime.call('counseling', openid, data)
const TUESDAY_9 = at('2026-11-24', '09:00')
const WEDNESDAY_10 = at('2026-11-25', '10:00')

beforeEach(async () => {
  runtime = await counselingRuntime()
})
afterEach(() => runtime.close())

const seen = async (bookingId: string) =>
  expectOk<any>(await counseling('local-counselor-1', { action: 'booking', bookingId })) as { status: string; actions: any }

test('pending: confirm, decline or cancel; confirmed: cancel until the start, then only 已完成 / 未到场', async () => {
  const booking = await book(runtime, 'local-worker', TUESDAY_9)
  expect((await seen(booking.bookingId)).actions).toEqual({ confirm: true, decline: true, cancel: true, complete: false, noShow: false })
  const confirmed = expectOk<any>(await counseling('local-counselor-1', { action: 'confirm', bookingId: booking.bookingId }))
  // the action's answer carries the new actions
  expect(confirmed.actions).toEqual({ confirm: false, decline: false, cancel: true, complete: false, noShow: false })
  runtime.clock.set(new Date(TUESDAY_9.getTime() + 50 * MINUTE_MS))
  expect((await seen(booking.bookingId)).actions).toEqual({ confirm: false, decline: false, cancel: false, complete: true, noShow: true })
  const list = expectOk<any>(await counseling('local-counselor-1', { action: 'counselorBookings', scope: 'today' }))
  expect(list.items[0].actions).toMatchObject({ complete: true, noShow: true, cancel: false })
  const done = expectOk<any>(await counseling('local-counselor-1', { action: 'complete', bookingId: booking.bookingId }))
  expect(done).toMatchObject({ status: 'completed', statusLabel: '已完成' })
  expect(done.actions).toEqual({ confirm: false, decline: false, cancel: false, complete: false, noShow: false })
})

test('the worker cancelling a booking a reschedule already replaced is refused, not answered with success', async () => {
  const first = await book(runtime, 'local-worker', TUESDAY_9)
  runtime.clock.set(new Date(TUESDAY_9.getTime() - 48 * HOUR_MS))
  const moved = expectOk<any>(
    await counseling('local-worker', { action: 'reschedule', bookingId: first.bookingId, start: WEDNESDAY_10.toISOString() }),
  )
  const stale = await counseling('local-worker', { action: 'cancel', bookingId: first.bookingId })
  expect(stale).toMatchObject({ ok: false, code: 'CONFLICT', message: '该预约已改期，原时段已取消，请查看新的预约' })
  expect(expectOk<any>(await counseling('local-worker', { action: 'booking', bookingId: moved.bookingId })).status).toBe('pending')
  // a plain retry of the worker's own cancel still answers as before
  expectOk(await counseling('local-worker', { action: 'cancel', bookingId: moved.bookingId }))
  expect(expectOk<any>(await counseling('local-worker', { action: 'cancel', bookingId: moved.bookingId })).status).toBe('cancelled')
})

test('the worker cancelling a booking the counselor already cancelled is told so', async () => {
  const booking = await book(runtime, 'local-worker', TUESDAY_9)
  expectOk(await counseling('local-counselor-1', { action: 'cancel', bookingId: booking.bookingId, reason: '临时出差' }))
  expect(await counseling('local-worker', { action: 'cancel', bookingId: booking.bookingId })).toMatchObject({
    ok: false,
    code: 'CONFLICT',
    message: '咨询师已取消该预约',
  })
})
