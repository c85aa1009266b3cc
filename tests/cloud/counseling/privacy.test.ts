import type { LocalRuntime } from '../../../local-cloud/runtime'
import { HOUR_MS } from '../../../domain/time'
import { expectOk } from '../../support/runtime'
import { at, book, counselingRuntime, database } from './support'

let runtime: LocalRuntime
const counseling = (openid: string, data: Record<string, unknown>) => runtime.call('counseling', openid, data)
const START = at('2026-11-24', '09:00')

beforeEach(async () => {
  runtime = await counselingRuntime()
})
afterEach(() => runtime.close())

describe('access matrix', () => {
  const people = {
    worker: 'local-volunteer-1',
    otherWorker: 'local-volunteer-2',
    counselor: 'local-counselor-1',
    otherCounselor: 'local-counselor-2',
    admin: 'local-admin',
  }
  /** Who may read what: the booking by its two parties, the note by its counselor only. */
  const allowed: Record<string, Array<keyof typeof people>> = {
    booking: ['worker', 'counselor'],
    note: ['counselor'],
  }

  test.each(Object.entries(people))('%s', async (who, openid) => {
    const booking = await book(runtime, people.worker, START, { description: '私密的情况描述' })
    expectOk(await counseling(people.counselor, { action: 'saveNote', bookingId: booking.bookingId, text: '私人笔记' }))
    for (const [action, readers] of Object.entries(allowed)) {
      const answer = await counseling(openid, { action, bookingId: booking.bookingId })
      if (readers.includes(who as keyof typeof people)) {
        expect(answer.ok).toBe(true)
      } else {
        expect(answer).toMatchObject({ ok: false, code: expect.stringMatching(/^(NOT_FOUND|FORBIDDEN)$/) })
        expect(JSON.stringify(answer)).not.toMatch(/私密|私人笔记|13812345678/)
      }
    }
    // Lists: the worker's own, the counselor's own schedule; nobody else's appears anywhere.
    const mine = expectOk<any>(await counseling(openid, { action: 'myBookings', scope: 'upcoming' })).items
    expect(mine.length > 0).toBe(who === 'worker')
    const schedule = await counseling(openid, { action: 'counselorBookings', scope: 'upcoming' })
    if (who === 'counselor') expect(expectOk<any>(schedule).items.map((b: any) => b.bookingId)).toEqual([booking.bookingId])
    else if (who === 'otherCounselor') expect(expectOk<any>(schedule).items).toEqual([])
    else expect(schedule).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    // Writing follows reading: only the right side may act.
    const confirm = await counseling(openid, { action: 'confirm', bookingId: booking.bookingId })
    expect(confirm.ok).toBe(who === 'counselor')
    const note = await counseling(openid, { action: 'saveNote', bookingId: booking.bookingId, text: '改写' })
    expect(note.ok).toBe(who === 'counselor')
  })

  test('the note is what its counselor saved', async () => {
    const booking = await book(runtime, 'local-worker', START)
    expectOk(await counseling('local-counselor-1', { action: 'saveNote', bookingId: booking.bookingId, text: '第一次会谈：睡眠问题' }))
    expect(expectOk<any>(await counseling('local-counselor-1', { action: 'note', bookingId: booking.bookingId })).text).toBe(
      '第一次会谈：睡眠问题',
    )
    expect(JSON.stringify(expectOk(await counseling('local-worker', { action: 'exportMyData' })))).not.toContain('第一次会谈')
  })
})

describe('stats', () => {
  test('admins get counts by month, topic and mode, with no names, phones or descriptions', async () => {
    await book(runtime, 'local-volunteer-1', START, { nickname: '小鱼', topic: '睡眠问题' })
    await book(runtime, 'local-volunteer-2', at('2026-11-24', '10:00'), { mode: 'in_person' })
    await book(runtime, 'local-volunteer-3', at('2026-12-01', '10:00'), { topic: '自己的话题' })
    expect(await counseling('local-counselor-1', { action: 'stats' })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    const stats = expectOk<any>(await counseling('local-admin', { action: 'stats' }))
    expect(stats.total).toBe(3)
    expect(stats.byMonth.map((m: any) => [m.month, m.bookings])).toEqual([
      ['2026-11', 2],
      ['2026-12', 1],
    ])
    expect(stats.byMode).toEqual({ online: 2, in_person: 1 })
    expect(stats.byTopic).toMatchObject({ 睡眠问题: 1, 情绪压力: 1, 其他: 1 })
    expect(JSON.stringify(stats)).not.toMatch(/小鱼|王小明|138|压力大|自己的话题|local-/)
  })
})

describe('exportMyData / deleteMyData', () => {
  test('export returns everything about the caller; delete anonymises bookings and removes the rest', async () => {
    const booking = await book(runtime, 'local-worker', START, { nickname: '阿木' })
    expectOk(await counseling('local-counselor-1', { action: 'confirm', bookingId: booking.bookingId }))
    expectOk(await counseling('local-counselor-1', { action: 'saveNote', bookingId: booking.bookingId, text: '笔记' }))
    await book(runtime, 'local-volunteer-1', at('2026-11-24', '10:00'))

    const exported = expectOk<any>(await counseling('local-worker', { action: 'exportMyData' }))
    expect(exported.bookings).toEqual([
      expect.objectContaining({ bookingId: booking.bookingId, nickname: '阿木', phone: '13812345678', status: 'confirmed' }),
    ])
    expect(exported.messages.map((m: any) => m.title)).toContain('咨询预约已确认')

    expect(await counseling('local-worker', { action: 'deleteMyData' })).toMatchObject({ ok: false, code: 'CONFLICT' })
    runtime.clock.set(new Date(START.getTime() + HOUR_MS))
    expectOk(await counseling('local-counselor-1', { action: 'complete', bookingId: booking.bookingId }))
    expect(expectOk<any>(await counseling('local-worker', { action: 'deleteMyData' }))).toMatchObject({ anonymisedBookings: 1 })

    const after = expectOk<any>(await counseling('local-worker', { action: 'exportMyData' }))
    expect(after).toMatchObject({ bookings: [], consents: [], messages: [] })
    const db = database(runtime)
    const stored = (await db.collection('counselingBookings').where({ _id: booking.bookingId }).get()).data[0]
    expect(JSON.stringify(stored)).not.toMatch(/阿木|13812345678|压力大|local-worker/)
    expect(stored).toMatchObject({ counselorId: 'counselor-1', status: 'completed', topic: '情绪压力' })
    expect((await db.collection('counselingNotes').where({ _id: booking.bookingId }).count()).total).toBe(0)
    // Other people's data is untouched; the aggregate counts stay.
    expect(expectOk<any>(await counseling('local-volunteer-1', { action: 'myBookings', scope: 'upcoming' })).items).toHaveLength(1)
    expect(expectOk<any>(await counseling('local-admin', { action: 'stats' })).total).toBe(2)
  })
})
