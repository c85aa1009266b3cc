/**
 * The slot scheduler is no counseling code: a made-up second service — 法律咨询, lawyers booked by the
 * half hour — is scheduled through functions/_lib/scheduling.ts alone, on its own collections, with
 * its own numbers. (A test of the module, not a product feature: nothing here imports counseling.)
 */
import { createLocalCloud, type LocalCloud } from '../../local-cloud/sdk'
import type { CollectionSpec } from '../../database/collections'
import {
  bookSlot,
  freeSlotsOf,
  moveBooking,
  transitionBooking,
  type Provider,
  type Schedule,
  type ScheduleContext,
  type ScheduledBooking,
} from '../../functions/_lib/scheduling'
import { refuse, type Decision } from '../../domain/errors'
import { DAY_MS, HOUR_MS, MINUTE_MS, shanghaiInstant } from '../../domain/time'

const legalCollections: CollectionSpec[] = [
  { name: 'lawyers', description: 'test', indexes: [] },
  {
    name: 'legalBookings',
    description: 'test',
    indexes: [
      { name: 'client_start', fields: { clientOpenid: 1, start: 1 } },
      { name: 'hold_slot', fields: { holdSlot: 1 }, unique: true },
    ],
  },
  { name: 'legalSlotLocks', description: 'test', indexes: [{ name: 'lawyer_start', fields: { lawyerId: 1, start: 1 }, unique: true }] },
]

/** 30-minute consultations, no buffer, 2 h notice, 7 days ahead, one upcoming consultation per person. */
const legal: Schedule = {
  locks: 'legalSlotLocks',
  bookings: 'legalBookings',
  providerField: 'lawyerId',
  ownerField: 'clientOpenid',
  idPrefix: 'L',
  rules: { sessionMinutes: 30, bufferMinutes: 0, minNoticeMs: 2 * HOUR_MS, horizonMs: 7 * DAY_MS, maxUpcomingBookings: 1 },
}

interface LegalBooking extends ScheduledBooking {
  lawyerId: string
  clientOpenid: string
  matter: string
  createdAt: Date
}

/** 王律师: Tuesdays and Thursdays 09:00–10:30, but on Thursday 2026-11-26 only 14:00–15:00. */
const lawyer: Provider & { name: string } = {
  _id: 'lawyer-1',
  name: '王律师',
  availability: {
    weekly: [
      { weekday: 2, start: '09:00', end: '10:30' },
      { weekday: 4, start: '09:00', end: '10:30' },
    ],
    exceptions: [{ date: '2026-11-26', windows: [{ start: '14:00', end: '15:00' }] }],
  },
}
const stillPending = (booking: LegalBooking): Decision => (booking.status === 'pending' ? { ok: true } : refuse('CONFLICT', '咨询已处理'))
const MONDAY_8AM = shanghaiInstant('2026-11-23', '08:00')

let cloud: LocalCloud
beforeEach(() => {
  cloud = createLocalCloud({ clock: { now: () => MONDAY_8AM }, collections: legalCollections, invoke: async () => undefined })
})

function as(openid: string, now = MONDAY_8AM): ScheduleContext {
  const db = cloud.sdkFor({ OPENID: openid, SOURCE: 'wx_client' }).database()
  return { db, _: db.command, now, openid }
}

const consult = (openid: string, start: Date, matter = '劳动合同纠纷', schedule = legal) =>
  bookSlot<LegalBooking>(as(openid), schedule, {
    provider: lawyer,
    start,
    build: ({ _id, start: from, end }) => ({
      _id,
      lawyerId: lawyer._id,
      clientOpenid: openid,
      start: from,
      end,
      matter,
      status: 'pending',
      createdAt: MONDAY_8AM,
      updatedAt: MONDAY_8AM,
    }),
  })

async function refusal(work: Promise<unknown>): Promise<string> {
  try {
    await work
  } catch (error) {
    return (error as { code: string }).code
  }
  throw new Error('expected a refusal')
}

const times = (slots: Array<{ start: Date; end: Date }>) =>
  slots.map((s) => `${s.start.toISOString()}/${(s.end.getTime() - s.start.getTime()) / MINUTE_MS}`)

test("a lawyer's free slots follow the service's own windows, session length, notice and horizon", async () => {
  const week = await freeSlotsOf(as('client-1'), legal, lawyer, MONDAY_8AM, new Date(MONDAY_8AM.getTime() + 8 * DAY_MS))
  // Tuesday: three half hours; Thursday: the exception's two; Tuesday 1 Dec is past the 7-day horizon.
  expect(times(week)).toEqual([
    ...['09:00', '09:30', '10:00'].map((t) => `${shanghaiInstant('2026-11-24', t).toISOString()}/30`),
    ...['14:00', '14:30'].map((t) => `${shanghaiInstant('2026-11-26', t).toISOString()}/30`),
  ])
  // Two hours' notice: at 07:15 on Tuesday only 09:30 and 10:00 are left.
  const tuesdayMorning = shanghaiInstant('2026-11-24', '07:15')
  const late = await freeSlotsOf(as('client-1', tuesdayMorning), legal, lawyer, tuesdayMorning, new Date(tuesdayMorning.getTime() + DAY_MS))
  expect(times(late).map((t) => t.slice(11, 16))).toEqual(['01:30', '02:00'])
})

test('one booking per slot under concurrency, the same request again is the same booking, one upcoming per client', async () => {
  const nine = shanghaiInstant('2026-11-24', '09:00')
  const answers = await Promise.allSettled(['a', 'b', 'c', 'd', 'e'].map((who) => consult(`client-${who}`, nine)))
  const won = answers.filter((a) => a.status === 'fulfilled') as PromiseFulfilledResult<{ booking: LegalBooking; created: boolean }>[]
  expect(won).toHaveLength(1)
  expect(answers.filter((a) => a.status === 'rejected').map((a) => (a as PromiseRejectedResult).reason.code)).toEqual([
    'SLOT_TAKEN',
    'SLOT_TAKEN',
    'SLOT_TAKEN',
    'SLOT_TAKEN',
  ])
  const winner = won[0].value.booking
  expect(winner).toMatchObject({ lawyerId: 'lawyer-1', matter: '劳动合同纠纷', holdSlot: `${winner.clientOpenid}#1` })
  expect(winner._id).toMatch(/^L/)

  // Retried by the client SDK: the booking it made, nothing new.
  const again = await consult(winner.clientOpenid, nine)
  expect(again).toMatchObject({ created: false, booking: { _id: winner._id } })
  // The service's limit is one upcoming consultation.
  expect(await refusal(consult(winner.clientOpenid, shanghaiInstant('2026-11-24', '10:00')))).toBe('BOOKING_LIMIT')
  // A slot outside the lawyer's windows is not offered.
  expect(await refusal(consult('client-z', shanghaiInstant('2026-11-24', '11:00')))).toBe('NOT_IN_WINDOW')
  const free = await freeSlotsOf(as('client-z'), legal, lawyer, MONDAY_8AM, new Date(MONDAY_8AM.getTime() + DAY_MS + 16 * HOUR_MS))
  expect(times(free).map((t) => t.slice(11, 16))).toEqual(['01:30', '02:00'])
})

test('a move takes the new slot and frees the old one in one transaction; a cancel frees the slot for someone else', async () => {
  const nine = shanghaiInstant('2026-11-24', '09:00')
  const { booking } = await consult('client-1', nine)
  const moved = await moveBooking<LegalBooking>(as('client-1'), legal, booking, lawyer, shanghaiInstant('2026-11-24', '10:00'), {
    check: stillPending,
    build: ({ _id, start, end }) => ({ ...booking, _id, start, end, status: 'pending' }),
    retire: () => ({ status: 'cancelled' }),
  })
  expect(moved.holdSlot).toBe('client-1#1')
  // 09:00 is free again and taken by another client; 10:00 is held.
  expect((await consult('client-2', nine)).created).toBe(true)
  expect(await refusal(consult('client-3', shanghaiInstant('2026-11-24', '10:00')))).toBe('SLOT_TAKEN')

  const cancelled = await transitionBooking<LegalBooking>(as('client-1'), legal, moved._id, {
    to: 'cancelled',
    check: stillPending,
    change: {},
    releasesSlot: true,
  })
  expect(cancelled).toMatchObject({ changed: true, booking: { status: 'cancelled', holdSlot: moved._id } })
  expect((await consult('client-3', shanghaiInstant('2026-11-24', '10:00'))).created).toBe(true)
  // client-1 holds nothing now: a new consultation is within their limit.
  expect((await consult('client-1', shanghaiInstant('2026-11-24', '09:30'))).created).toBe(true)
})

test('a slot booked for a longer session (before the length changed) keeps every overlapping slot off the list', async () => {
  const hourLong: Schedule = { ...legal, rules: { ...legal.rules, sessionMinutes: 60 } }
  await consult('client-1', shanghaiInstant('2026-11-24', '09:00'), '合同审查', hourLong)
  // Asked from 09:30 with 30-minute sessions: 09:30 lies inside the 09:00–10:00 booking.
  const from = shanghaiInstant('2026-11-24', '09:30')
  const free = await freeSlotsOf(as('client-2'), legal, lawyer, from, shanghaiInstant('2026-11-24', '12:00'))
  expect(times(free)).toEqual([`${shanghaiInstant('2026-11-24', '10:00').toISOString()}/30`])
})
