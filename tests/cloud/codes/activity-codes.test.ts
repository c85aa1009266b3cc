/**
 * Activity codes: the poster code opens the activity's detail page; the rotating check-in code is an
 * https link (prefix configured for 扫普通链接二维码打开小程序) that the check-in page and the in-app
 * scanner both accept, still signed and short-lived.
 */
import type { LocalRuntime } from '../../../local-cloud/runtime'
import { appPages } from '../../../local-cloud/sdk/app-pages'
import { CODE_PAGES, checkinLink, tokenFromScan } from '../../../domain/links'
import { tokenKindOf } from '../../../domain/activity/token'
import { SECOND_MS } from '../../../domain/time'
import { expectOk } from '../../support/runtime'
import { readQr } from '../../support/qr'
import { ORGANIZER, activity, activityRuntime, createActivity } from '../activity/support'

let runtime: LocalRuntime
let created: any
beforeEach(async () => {
  runtime = await activityRuntime()
  created = await createActivity(runtime, { capacity: 3, hours: 2, points: 20 })
})
afterEach(() => runtime.close())

test('a published activity has a poster code that opens its detail page', async () => {
  const answer = expectOk<any>(await activity(runtime, ORGANIZER, { action: 'activityCode', activityId: created.id }))
  const scanned = readQr((await runtime.cloud.storage.read(answer.code.fileID))!)!
  const [page, query] = scanned.split('?')
  expect(page).toBe(CODE_PAGES.activity)
  expect(appPages()).toContain(page)
  // The detail page takes the activity id from `scene` and shows that activity.
  const id = new URLSearchParams(query).get('scene')!
  expect(expectOk<any>(await activity(runtime, 'local-volunteer-1', { action: 'detail', activityId: id })).activity.id).toBe(created.id)
  expect(await activity(runtime, 'local-volunteer-1', { action: 'activityCode', activityId: created.id })).toMatchObject({
    ok: false,
    code: 'FORBIDDEN',
  })
  const draft = await createActivity(runtime, { title: '草稿活动' }, false)
  expect(await activity(runtime, ORGANIZER, { action: 'activityCode', activityId: draft.id })).toMatchObject({
    ok: false,
    code: 'CONFLICT',
  })
})

test('the check-in code is a link under the configured prefix; scanning it by WeChat or in the app checks in', async () => {
  expectOk(await activity(runtime, 'local-volunteer-1', { action: 'signup', activityId: created.id }))
  expectOk(await activity(runtime, 'local-volunteer-2', { action: 'signup', activityId: created.id }))
  runtime.clock.set(new Date(created.startAt))
  const code = expectOk<any>(await activity(runtime, ORGANIZER, { action: 'checkinCode', activityId: created.id }))
  expect(code.link).toBe(checkinLink(runtime.env.checkinUrlPrefix!, code.token))
  expect(code.link.startsWith(`${runtime.env.checkinUrlPrefix}?t=`)).toBe(true)

  // WeChat's scanner opens the check-in page with the whole link, URL-encoded, as `q`.
  const q = encodeURIComponent(code.link)
  const token = tokenFromScan(q)!
  expect(token).toBe(code.token)
  expect(tokenKindOf(token)).toBe('checkin')
  const answer = expectOk<any>(await activity(runtime, 'local-volunteer-1', { action: 'checkin', token }))
  expect(answer).toMatchObject({ activityId: created.id, kind: 'checkin', repeated: false })
  // The in-app scanner reads the link itself; the function takes it as it is.
  expectOk(await activity(runtime, 'local-volunteer-2', { action: 'checkin', token: code.link, activityId: created.id }))

  // Still short-lived: a minute later the same link is refused.
  runtime.clock.set(new Date(created.startAt + 60 * SECOND_MS))
  expect(await activity(runtime, 'local-volunteer-1', { action: 'checkout', token: code.link })).toMatchObject({ ok: false })
  expect(await activity(runtime, 'local-volunteer-2', { action: 'checkin', token: code.link })).toMatchObject({
    ok: false,
    code: 'TOKEN_EXPIRED',
  })
})

test('what a scanner gives is parsed strictly', () => {
  expect(tokenFromScan('https://u.example.cn/checkin?t=i1a2b.AAAAAAAAAAAAAAAA.act1')).toBe('i1a2b.AAAAAAAAAAAAAAAA.act1')
  expect(tokenFromScan('i1a2b.AAAAAAAAAAAAAAAA.act1')).toBe('i1a2b.AAAAAAAAAAAAAAAA.act1')
  expect(tokenFromScan('https://u.example.cn/checkin?t=<script>')).toBeNull()
  expect(tokenFromScan('')).toBeNull()
  expect(checkinLink('https://u.example.cn/checkin?old=1', 'tok')).toBe('https://u.example.cn/checkin?t=tok')
})

test('every page a code opens is a page of the app', () => {
  for (const page of Object.values(CODE_PAGES)) expect(appPages()).toContain(page)
})
