/**
 * One-time subscription messages as WeChat handles them: the mini-program asks for the templates at the
 * user's action (user.subscriptionTemplates tells it which), the local cloud keeps each user's consent
 * per template and refuses a send without one (43101), and the in-app inbox gets the notice either way.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { SUBSCRIPTION_MOMENTS } from '../../domain/subscriptions'
import { createServer } from '../../local-cloud/server/server'
import { expectOk } from '../support/runtime'
import { activity, activityRuntime, addVolunteers, createActivity } from './activity/support'
import type { LocalRuntime } from '../../local-cloud/runtime'

let runtime: LocalRuntime
beforeEach(async () => {
  runtime = await activityRuntime()
})
afterEach(() => runtime.close())

test('the mini-program learns which templates to request at signup, booking and borrowing', async () => {
  const answer = expectOk<any>(await runtime.call('user', 'local-volunteer-1', { action: 'subscriptionTemplates' }))
  expect(answer).toEqual({
    signup: ['local-tmpl-waitlist'],
    booking: ['local-tmpl-booking-confirmed', 'local-tmpl-booking-reminder'],
    borrow: ['local-tmpl-due', 'local-tmpl-overdue', 'local-tmpl-returned'],
  })
  for (const ids of Object.values(answer) as string[][]) expect(ids.length).toBeLessThanOrEqual(3)
  expect(Object.keys(answer)).toEqual(Object.keys(SUBSCRIPTION_MOMENTS))
})

test('a promoted volunteer who allowed the message gets it; one who did not gets the inbox notice only', async () => {
  const created = await createActivity(runtime, { capacity: 1 })
  const [first, allowed, refused] = await addVolunteers(runtime, 3)
  // What the 报名 tap's requestSubscribeMessage records when the person taps 允许 (H5: the dev control).
  await runtime.cloud.subscribeMessages.accept(allowed, ['local-tmpl-waitlist'])
  for (const openid of [first, allowed, refused]) expectOk(await activity(runtime, openid, { action: 'signup', activityId: created.id }))
  expectOk(await activity(runtime, first, { action: 'cancelSignup', activityId: created.id }))
  expectOk(await activity(runtime, allowed, { action: 'cancelSignup', activityId: created.id }))

  const sent = await runtime.cloud.subscribeMessages.list()
  expect(sent.map((message) => [message.touser, message.templateId])).toEqual([[allowed, 'local-tmpl-waitlist']])
  for (const openid of [allowed, refused]) {
    const inbox = expectOk<any>(await runtime.call('user', openid, { action: 'messages' }))
    expect(inbox.items.map((item: any) => item.kind)).toContain('waitlistPromoted')
  }
  // The acceptance was used up: a second promotion of the same person would not be sent.
  expect((await runtime.cloud.subscribeMessages.consents()).find((consent) => consent.openid === allowed)?.remaining).toBe(0)
})

test('the H5 stand-in for the dialog records consent through the dev control (local mode only)', async () => {
  const server = createServer({ runtime })
  await new Promise<void>((resolve) => server.listen(0, resolve))
  const { port } = server.address() as AddressInfo
  const post = (body: object) =>
    new Promise<number>((resolve, reject) => {
      const request = http.request(
        { port, path: '/__local/subscribe-consent', method: 'POST', headers: { 'content-type': 'application/json' } },
        (res) => {
          res.resume()
          resolve(res.statusCode ?? 0)
        },
      )
      request.on('error', reject)
      request.end(JSON.stringify(body))
    })
  expect(await post({ openid: 'local-volunteer-1', templateIds: ['local-tmpl-due', 'local-tmpl-overdue'] })).toBe(200)
  expect(await post({ openid: 'local-volunteer-1', templateIds: ['a', 'b', 'c', 'd'] })).toBe(400)
  server.close()
  const consents = await runtime.cloud.subscribeMessages.consents()
  expect(consents.map((consent) => [consent.openid, consent.templateId, consent.remaining]).sort()).toEqual([
    ['local-volunteer-1', 'local-tmpl-due', 1],
    ['local-volunteer-1', 'local-tmpl-overdue', 1],
  ])
})
