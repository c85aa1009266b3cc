/**
 * A booking request that died between adding the slot's lock and adding its booking leaves a lock
 * without a booking: the slot is not lost, the next request for it clears the lock once it is 30 s old.
 */
import { expectOk } from '../../support/runtime'
import { slotLockId } from '../../../functions/counseling/records'
import { at, bookingRequest, counselingRuntime, database } from '../counseling/support'

test('a lock without its booking is cleared by the next booking of the slot after 30 s, not before', async () => {
  const runtime = await counselingRuntime()
  try {
    const start = at('2026-11-24', '10:00')
    await database(runtime)
      .collection('slotLocks')
      .add({
        data: {
          _id: slotLockId('counselor-1', start),
          counselorId: 'counselor-1',
          start,
          end: new Date(start.getTime() + 50 * 60_000),
          bookingId: 'B-dead',
          createdAt: runtime.clock.now(),
        },
      })
    const locks = await database(runtime).collection('slotLocks').where({ counselorId: 'counselor-1', start }).get()
    expect(locks.data).toHaveLength(1)
    expect(await runtime.call('counseling', 'local-worker', bookingRequest(start))).toMatchObject({ ok: false, code: 'SLOT_TAKEN' })
    runtime.clock.advance(31_000)
    const booked = expectOk<any>(await runtime.call('counseling', 'local-worker', bookingRequest(start)))
    expect(booked.status).toBe('pending')
    const lock = (await database(runtime).collection('slotLocks').where({ counselorId: 'counselor-1', start }).get()).data[0]
    expect(lock.bookingId).toBe(booked.bookingId)
  } finally {
    await runtime.close()
  }
})
