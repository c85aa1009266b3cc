/**
 * No answer carries the OPENID of another person. After a day in which a volunteer's activity was
 * checked in and confirmed by an organizer, their counseling booking confirmed by a counselor and
 * their borrowed book returned by someone else, every action a plain user may call is called as that
 * volunteer (inputs from the actions' own schemas, ids from that day), and no answer names anyone else.
 */
import { sourceFunctions } from '../../../local-cloud/functions'
import type { ActionSpec } from '../../../functions/_lib/define'
import { HOUR_MS, shanghaiInstant } from '../../../domain/time'
import { bookTag, createBookcase, expectOk, type Bookcase } from '../bookcase/support'
import { draftInput } from '../activity/support'
import { sample, type Introspected } from './schemas'

const ME = 'local-volunteer-1'
const OTHERS = [
  'local-admin',
  'local-organizer',
  'local-counselor-1',
  'local-counselor-2',
  'local-volunteer-2',
  'local-volunteer-3',
  'local-worker',
]

let h: Bookcase
beforeAll(async () => {
  h = await createBookcase()
})
afterAll(() => h.runtime.close())

test('no answer to a volunteer names another person', async () => {
  const { runtime } = h
  const startAt = shanghaiInstant('2026-03-04', '09:00').getTime()
  const created = expectOk<any>(
    await runtime.call('activity', 'local-organizer', {
      action: 'create',
      ...draftInput({ startAt, endAt: startAt + 3 * HOUR_MS, signupDeadline: startAt - 12 * HOUR_MS }),
      publish: true,
    }),
  )
  for (const openid of [ME, 'local-volunteer-2'])
    expectOk(await runtime.call('activity', openid, { action: 'signup', activityId: created.id }))

  const booking = expectOk<any>(
    await runtime.call('counseling', ME, {
      action: 'book',
      counselorId: 'counselor-1',
      start: shanghaiInstant('2026-03-03', '09:00').toISOString(),
      mode: 'online',
      topic: '情绪压力',
      phone: '13812345678',
      consent: true,
    }),
  )
  expectOk(await runtime.call('counseling', 'local-counselor-1', { action: 'confirm', bookingId: booking.bookingId }))

  await h.payDeposit(ME)
  const borrowed = await h.borrow(ME, 'cabinet-1', 1, [bookTag(0)])
  await h.advance(HOUR_MS)
  await h.giveBack('local-volunteer-2', 'cabinet-2', [bookTag(0)])

  await h.setClock(new Date(startAt + HOUR_MS))
  expectOk(await runtime.call('activity', 'local-organizer', { action: 'manualCheckin', activityId: created.id, openid: ME }))
  await h.setClock(new Date(startAt + 3 * HOUR_MS))
  expectOk(await runtime.call('activity', 'local-organizer', { action: 'confirmHours', activityId: created.id, entries: [{ openid: ME }] }))

  const known: Record<string, unknown> = {
    activityId: created.id,
    bookingId: booking.bookingId,
    sessionId: borrowed.sessionId,
    cabinetId: 'cabinet-1',
    counselorId: 'counselor-1',
    door: 1,
  }
  const leaks: string[] = []
  let answeredOk = 0
  for (const fn of ['user', 'activity', 'bookcase', 'counseling']) {
    for (const [name, spec] of Object.entries(sourceFunctions[fn].actions ?? {}) as [string, ActionSpec<unknown>][]) {
      if (spec.access !== 'user') continue
      const base = (sample(spec.input as Introspected) ?? {}) as Record<string, unknown>
      const shape = (spec.input as Introspected).shape ?? {}
      const ids = Object.fromEntries(Object.entries(known).filter(([key]) => key in shape))
      const answer = await runtime.call(fn, ME, { action: name, ...base, ...ids })
      if (answer.ok) answeredOk++
      const text = JSON.stringify(answer)
      for (const other of OTHERS) if (text.includes(other)) leaks.push(`${fn}.${name} names ${other}`)
    }
  }
  expect(leaks).toEqual([])
  expect(answeredOk).toBeGreaterThan(20)
}, 30_000)
