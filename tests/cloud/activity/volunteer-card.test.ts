/**
 * 志愿者证 (issue 15): the card names the volunteer, their number, teams and totals, and carries a
 * signed code that lives 5 minutes; an organizer (only) verifies it; a forged or stale code is refused.
 */
import type { LocalRuntime } from '../../../local-cloud/runtime'
import { expectOk } from '../../support/runtime'
import { MINUTE_MS, SECOND_MS } from '../../../domain/time'
import { ORGANIZER, activity, activityRuntime } from './support'

let runtime: LocalRuntime
beforeEach(async () => {
  runtime = await activityRuntime()
})
afterEach(() => runtime.close())

const VOLUNTEER = 'local-volunteer-1'
const verify = (by: string, code: string) => activity(runtime, by, { action: 'verifyVolunteerCard', code })

test('the card shows name, number, teams and totals with a code an organizer verifies', async () => {
  const card = expectOk<any>(await activity(runtime, VOLUNTEER, { action: 'volunteerCard' }))
  expect(card.name).toEqual(expect.any(String))
  expect(card.name.length).toBeGreaterThan(0)
  expect(card.volunteerNo).toMatch(/^V\d{8}$/)
  expect(card.teams.length).toBeGreaterThan(0)
  // The code's expiry travels as epoch ms, like every instant the app receives.
  expect(card.codeExpiresAt - runtime.clock.now().getTime()).toBe(5 * MINUTE_MS)
  // The number is stable between calls; the code is not the number.
  expect(expectOk<any>(await activity(runtime, VOLUNTEER, { action: 'volunteerCard' })).volunteerNo).toBe(card.volunteerNo)

  const verified = expectOk<any>(await verify(ORGANIZER, card.code))
  expect(verified).toEqual({
    name: card.name,
    volunteerNo: card.volunteerNo,
    hours: card.hours,
    points: card.points,
    activities: card.activities,
    teams: card.teams.map((team: { name: string }) => team.name),
  })
})

test('only organizers verify; a forged, altered or expired code is refused', async () => {
  const card = expectOk<any>(await activity(runtime, VOLUNTEER, { action: 'volunteerCard' }))
  expect(await verify('local-worker', card.code)).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  // Someone else's OPENID under this signature.
  const altered = card.code.replace(/\.[^.]+$/, '.local-worker')
  expect(await verify(ORGANIZER, altered)).toMatchObject({ ok: false, code: 'TOKEN_INVALID' })
  // A later expiry under the old signature.
  const [prefix, expiry, ...rest] = card.code.split('.')
  const extended = [prefix, (parseInt(expiry, 36) + 10 * MINUTE_MS).toString(36), ...rest].join('.')
  expect(await verify(ORGANIZER, extended)).toMatchObject({ ok: false, code: 'TOKEN_INVALID' })
  expect(await verify(ORGANIZER, 'i123.abc.activity-mental')).toMatchObject({ ok: false, code: 'TOKEN_INVALID' })

  runtime.clock.set(new Date(card.codeExpiresAt + SECOND_MS))
  expect(await verify(ORGANIZER, card.code)).toMatchObject({ ok: false, code: 'TOKEN_EXPIRED', message: expect.stringContaining('过期') })
})
