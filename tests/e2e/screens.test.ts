/**
 * Screens that stay true and safe (issue 14), in the browser, per role: pages reload when shown
 * again and show an action's answer at once; status and actions come from the server; the crisis
 * line is in view while typing; refusing the privacy guide is no dead end; counselors decline with a
 * reason and record outcomes; destructive actions ask in plain words; a stale record is refused.
 */
import type { Page } from 'playwright-core'
import { HOUR_MS, shanghaiInstant } from '../../domain/time'
import { expectOk } from '../support/runtime'
import { screenshotsIn, startE2E, withScreenshot, type E2E, shown } from './support/browser'

let e2e: E2E
const shot = screenshotsIn('screens')

beforeAll(async () => {
  e2e = await startE2E()
}, 60000)

afterAll(async () => {
  await e2e?.close()
})

const call = async (fn: 'activity' | 'counseling' | 'user', openid: string, data: Record<string, unknown>) =>
  expectOk<any>(await e2e.runtime.call(fn, openid, data))

describe('activities', () => {
  test('worker: after saving the profile the detail shows 报名 at once; signing up and 取消报名 show their answers', async () => {
    const page = await e2e.pageAs('local-worker')
    await withScreenshot(page, 'screens-refresh', async () => {
      await page.goto(`${e2e.baseUrl}/#/packages/activity/pages/detail/index?id=activity-mental`)
      await shown(page, '.act-main', '完善资料后报名').click()
      await page.locator('.privacy-popup__agree').click()
      await page.locator('.profile__input--realName input').fill('赵晓燕')
      await page.locator('.profile__input--phone input').fill('13800138000')
      await page.locator('.profile__input--workUnit input').fill('青岛地铁运营分公司')
      await page.locator('.profile__submit').click()
      // Back on the detail page, shown again: it read the activity again.
      await shown(page, '.act-main--signup', '报名').waitFor()
      expect(await shown(page, '.act-detail__badge').innerText()).toBe('报名中')
      await shown(page, '.act-main--signup').click()
      await shown(page, '.act-mine__status', '已报名').waitFor()
      const leave = shown(page, '.act-main--leave', '取消报名')
      expect(await leave.getAttribute('class')).toContain('act-button--danger')
      await shot(page, 'detail-signed-up-375')

      // Destructive: asked once, in words that say what happens; 再想想 changes nothing.
      await leave.click()
      expect(await shown(page, '.taro-model__confirm').innerText()).toBe('取消报名')
      expect(await shown(page, '.taro-model__cancel').innerText()).toBe('再想想')
      await shot(page, 'detail-cancel-confirm-375')
      await shown(page, '.taro-model__cancel').click()
      await shown(page, '.act-mine__status', '已报名').waitFor()
      await leave.click()
      e2e.runtime.calls.clear()
      await shown(page, '.taro-model__confirm').click()
      await shown(page, '.act-main--signup', '报名').waitFor()
      expect(await shown(page, '.act-mine').count()).toBe(0)
      // One call: the cancellation answers the page shown next.
      expect(e2e.runtime.calls.list().map((c) => `${c.fn}.${c.action}`)).toEqual(['activity.cancelSignup'])
      await shot(page, 'detail-cancelled-375')
    })
  }, 90000)

  test('organizer: badges and only the actions the server allows; the roster reads again when shown', async () => {
    const page = await e2e.pageAs('local-organizer')
    await withScreenshot(page, 'screens-organizer', async () => {
      await page.goto(`${e2e.baseUrl}/#/packages/activity/pages/detail/index?id=activity-summer-draft`)
      expect(await shown(page, '.act-detail__badge').innerText()).toBe('草稿')
      await shown(page, '.act-main--publish', '发布活动').waitFor()
      await shot(page, 'detail-draft-375')

      // A cancelled activity: no check-in code, no edit, no green seats.
      const created = await call('activity', 'local-organizer', {
        action: 'create',
        teamId: 'team-1',
        title: '公交站文明引导',
        category: '文明交通',
        description: '',
        location: { name: '青岛站', latitude: 36.06, longitude: 120.31 },
        startAt: e2e.runtime.clock.now().getTime() + 3 * 24 * HOUR_MS,
        endAt: e2e.runtime.clock.now().getTime() + 3 * 24 * HOUR_MS + 2 * HOUR_MS,
        signupDeadline: e2e.runtime.clock.now().getTime() + 2 * 24 * HOUR_MS,
        capacity: 2,
        hours: 2,
        points: 20,
        publish: true,
      })
      await call('activity', 'local-organizer', { action: 'cancelActivity', activityId: created.id })
      await page.goto(`${e2e.baseUrl}/#/packages/activity/pages/detail/index?id=${created.id}`)
      expect(await shown(page, '.act-detail__badge').innerText()).toBe('已取消')
      const links = await shown(page, '.act-organizer').innerText()
      expect(links).toContain('报名名单')
      expect(links).not.toContain('现场签到码')
      expect(links).not.toContain('编辑')
      expect(await shown(page, '.act-card__seats--muted').count()).toBe(1)
      await shown(page, '.act-link', '报名名单').click()
      await shown(page, '.act-roster__badge', '已取消').waitFor()
      expect(await shown(page, '.act-roster__code').count()).toBe(0)
      expect(await shown(page, '.act-roster__cancel').count()).toBe(0)
      await shot(page, 'roster-cancelled-375')
    })

    // The roster of a live activity (a fresh tab): someone signs up elsewhere; shown again, the roster has them.
    const roster = await e2e.pageAs('local-organizer')
    await withScreenshot(roster, 'screens-roster', async () => {
      await roster.goto(`${e2e.baseUrl}/#/packages/activity/pages/roster/index?id=activity-traffic`)
      await shown(roster, '.act-roster__name').first().waitFor()
      expect(await shown(roster, '.act-roster__entry', '陈静').count()).toBe(0)
      expect(await shown(roster, '.act-roster__cancel').getAttribute('class')).toContain('act-button--danger')
      await call('activity', 'local-volunteer-5', { action: 'signup', activityId: 'activity-traffic' })
      await shown(roster, '.act-roster__code').click()
      await shown(roster, '.act-tab--checkin').waitFor()
      await shown(roster, '.act-checkin__card').waitFor()
      // Taro's H5 router is still sliding the page in: going back mid-transition leaves no page shown.
      await roster.waitForTimeout(600)
      await roster.goBack()
      await shown(roster, '.act-roster__entry', '陈静').waitFor()
      await shot(roster, 'roster-live-375')
    })
  }, 90000)
})

describe('counseling', () => {
  const MONDAY_8 = shanghaiInstant('2026-11-23', '08:00')
  const slot = (date: string, time: string) => shanghaiInstant(date, time).getTime()
  const booking = (start: number, description = '最近工作压力大，晚上睡不好') => ({
    action: 'book',
    counselorId: 'counselor-1',
    start,
    mode: 'online',
    topic: '情绪压力',
    description,
    phone: '13812345678',
    consent: { version: '2026-11' },
  })

  beforeAll(() => e2e.runtime.clock.set(MONDAY_8))

  test.each([375, 320])(
    'worker at %i px: risk words keep the 12356 line in view, tappable, while typing',
    async (width) => {
      const page = await e2e.pageAs('local-volunteer-1', { width, height: 640 })
      await withScreenshot(page, `screens-crisis-${width}`, async () => {
        await page.goto(
          `${e2e.baseUrl}/#/packages/counseling/pages/book/index?counselorId=counselor-1&start=${slot('2026-11-24', '09:00')}`,
        )
        const description = page.locator('.field__description textarea')
        // Scrolled down to the description, as a person typing there is: the top of the page is out of view.
        // (Taro's H5 page scrolls inside its .taro_page element.)
        const scrolled = () => page.evaluate(() => document.querySelector('.taro_page_show')!.scrollTop)
        await description.waitFor()
        await page.evaluate(() => document.querySelector('.taro_page_show')!.scrollTo(0, 160))
        await description.click()
        await description.type('最近总是失眠，有时候觉得不想活了')
        expect(await scrolled()).toBeGreaterThan(0)
        const banner = shown(page, '.hotline--pinned')
        await banner.waitFor()
        const box = (await banner.boundingBox())!
        expect(box.y).toBeGreaterThanOrEqual(0)
        expect(box.y + box.height).toBeLessThanOrEqual(640)
        // Nothing covers it: the point in its middle is the banner itself.
        const onTop = await page.evaluate(
          ([x, y]) => Boolean(document.elementFromPoint(x, y)?.closest('.hotline--pinned')),
          [box.x + box.width / 2, box.y + box.height / 2],
        )
        expect(onTop).toBe(true)
        expect(await banner.innerText()).toContain('点击拨打 12356')
        // And the field being typed in is not hidden under it.
        const field = (await description.boundingBox())!
        expect(field.y + field.height).toBeGreaterThan(box.y + box.height)
        await shot(page, `booking-crisis-${width}`)
      })
    },
    60000,
  )

  test('counselor: 婉拒 with a reason typed in the page; after the start 已完成 / 未到场 by the server’s clock', async () => {
    const declined = await call('counseling', 'local-volunteer-2', booking(slot('2026-11-24', '09:00')))
    const held = await call('counseling', 'local-volunteer-3', booking(slot('2026-11-23', '14:00')))
    await call('counseling', 'local-counselor-1', { action: 'confirm', bookingId: held.bookingId })
    const page = await e2e.pageAs('local-counselor-1')
    await withScreenshot(page, 'screens-counselor', async () => {
      await page.goto(`${e2e.baseUrl}/#/packages/counseling/pages/counselor-bookings/index`)
      await shown(page, '.tabs__tab', '即将开始').click()
      const card = shown(page, '.booking', '09:00')
      await card.locator('.booking__action--decline').click()
      await shown(page, '.sheet').waitFor()
      await shot(page, 'counselor-reason-375')
      await shown(page, '.sheet__confirm').click()
      await shown(page, '.sheet__error', '请填写原因').waitFor()
      await shown(page, '.sheet__input textarea').fill('本周已约满，建议预约其他咨询师')
      await shown(page, '.sheet__confirm').click()
      await card.locator('.status', { hasText: '已婉拒' }).waitFor()
      await card.getByText('婉拒原因：本周已约满，建议预约其他咨询师').waitFor()
      expect(
        expectOk<any>(await e2e.runtime.call('counseling', 'local-volunteer-2', { action: 'booking', bookingId: declined.bookingId }))
          .status,
      ).toBe('declined')

      // The phone's clock says nothing here: the server's clock passes the start of the 14:00 session.
      await shown(page, '.tabs__tab', '今天').click()
      const today = shown(page, '.booking', '14:00')
      await today.locator('.booking__action--cancel').waitFor()
      expect(await today.locator('.booking__action--complete').count()).toBe(0)
      e2e.runtime.clock.set(shanghaiInstant('2026-11-23', '15:00'))
      await page.reload()
      const after = shown(page, '.booking', '14:00')
      await after.locator('.booking__action--complete').waitFor()
      await after.locator('.booking__action--no-show').waitFor()
      expect(await after.locator('.booking__action--cancel').count()).toBe(0)
      await shot(page, 'counselor-outcome-375')
      await after.locator('.booking__action--complete').click()
      await after.locator('.status', { hasText: '已完成' }).waitFor()
      e2e.runtime.clock.set(MONDAY_8)
    })
  }, 90000)

  test('worker: after 改期 in the app, 我的预约 shows the new time and not the old booking', async () => {
    await call('counseling', 'local-volunteer-1', booking(slot('2026-11-24', '11:00')))
    const page = await e2e.pageAs('local-volunteer-1')
    await withScreenshot(page, 'screens-reschedule', async () => {
      await page.goto(`${e2e.baseUrl}/#/packages/counseling/pages/my-bookings/index`)
      await shown(page, '.booking', '11:00').getByText('改期').click()
      await shown(page, '.slots__day', '11月25日').click()
      await shown(page, '.slots__time', '15:00').click()
      expect(await shown(page, '.taro-model__confirm').innerText()).toBe('确认改期')
      await shown(page, '.taro-model__confirm').click()
      await shown(page, '.booking', '15:00').waitFor()
      expect(await shown(page, '.booking', '11:00').count()).toBe(0)
    })
  }, 60000)

  test('worker: cancelling a booking a reschedule already replaced is refused and the list shows the new one', async () => {
    const first = await call('counseling', 'local-volunteer-4', booking(slot('2026-11-24', '10:00')))
    const page = await e2e.pageAs('local-volunteer-4')
    await withScreenshot(page, 'screens-stale', async () => {
      await page.goto(`${e2e.baseUrl}/#/packages/counseling/pages/my-bookings/index`)
      const stale = shown(page, '.booking', '10:00')
      await stale.waitFor()
      // Meanwhile, on another phone, the booking is moved to 14:00.
      await call('counseling', 'local-volunteer-4', {
        action: 'reschedule',
        bookingId: first.bookingId,
        start: slot('2026-11-24', '14:00'),
      })
      await stale.locator('.booking__cancel').click()
      await shown(page, '.taro-model__confirm', '取消预约').click()
      await shown(page, '.taro-modal__text', '该预约已改期').waitFor()
      await shown(page, '.taro-model__confirm').click()
      await shown(page, '.booking', '14:00').waitFor()
      expect(await shown(page, '.booking', '10:00').count()).toBe(0)
      await shot(page, 'my-bookings-375')
    })
  }, 60000)
})

describe('pull-down and admin', () => {
  /** A finger pulling the page down from its top, as Taro's H5 pull-down-refresh reads touches. */
  async function pullDown(page: Page) {
    await page.evaluate(async () => {
      const target = document.querySelector('.taro_page_show') as HTMLElement
      const touch = (y: number) => new Touch({ identifier: 1, target, screenX: 100, screenY: y, clientX: 100, clientY: y })
      const fire = (type: string, y: number) =>
        target.dispatchEvent(
          new TouchEvent(type, {
            touches: type === 'touchend' ? [] : [touch(y)],
            changedTouches: [touch(y)],
            bubbles: true,
            cancelable: true,
          }),
        )
      fire('touchstart', 100)
      for (let y = 110; y <= 400; y += 10) {
        fire('touchmove', y)
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
      fire('touchend', 400)
    })
  }

  test('worker: pulling down 我的预约 reads it again', async () => {
    const page = await e2e.pageAs('local-volunteer-5')
    await withScreenshot(page, 'screens-pull-down', async () => {
      await page.goto(`${e2e.baseUrl}/#/packages/counseling/pages/my-bookings/index`)
      await shown(page, '.state__title', '暂无预约').waitFor()
      // Booked meanwhile on another phone.
      await call('counseling', 'local-volunteer-5', {
        action: 'book',
        counselorId: 'counselor-1',
        start: shanghaiInstant('2026-11-25', '09:00').toISOString(),
        mode: 'online',
        topic: '睡眠问题',
        description: '',
        phone: '13812345678',
        consent: { version: '2026-11' },
      })
      await pullDown(page)
      await shown(page, '.booking', '09:00').waitFor()
    })
  }, 60000)

  test('admin: 授予管理员 asks once in plain words; 不授予 changes nothing', async () => {
    const page = await e2e.pageAs('local-admin')
    await withScreenshot(page, 'screens-grant-admin', async () => {
      await page.goto(`${e2e.baseUrl}/#/packages/admin/pages/index/index`)
      await page.locator('.roles__query input').fill('陈静')
      await shown(page, '.roles__go').click()
      const user = shown(page, '.roles__user', '陈静')
      await user.locator('.roles__action--admin').click()
      expect(await shown(page, '.taro-model__confirm').innerText()).toBe('确认授予')
      expect(await shown(page, '.taro-model__cancel').innerText()).toBe('不授予')
      await shot(page, 'grant-admin-confirm-375')
      await shown(page, '.taro-model__cancel').click()
      const me = expectOk<any>(await e2e.runtime.call('user', 'local-volunteer-5', { action: 'me' }))
      expect(me.roles).not.toContain('admin')
    })
  }, 60000)
})

describe('forms', () => {
  test('organizer: the activity form names each problem beside its field, scrolled to, and clears it once fixed', async () => {
    const page = await e2e.pageAs('local-organizer', { width: 320, height: 640 })
    await withScreenshot(page, 'screens-activity-form', async () => {
      await page.goto(`${e2e.baseUrl}/#/packages/activity/pages/form/index`)
      await shown(page, '.act-form__title').waitFor()
      // scrolled to the bottom, where the buttons are
      await page.evaluate(() => document.querySelector('.taro_page_show')!.scrollTo(0, 5000))
      await shown(page, '.act-form__draft').click()
      const titleField = shown(page, '.act-field--error', '活动标题')
      await titleField.waitFor()
      await page.waitForTimeout(400)
      const box = (await titleField.boundingBox())!
      expect(box.y).toBeGreaterThanOrEqual(0)
      expect(box.y).toBeLessThan(640)
      await shot(page, 'activity-form-errors-320')
      await shown(page, '.act-form__title input').fill('地铁站文明引导')
      await titleField.waitFor({ state: 'detached' })
      expect(await shown(page, '.act-field--error', '开始').count()).toBe(1)
    })
  }, 60000)

  test('counselor: availability times are picked, not typed', async () => {
    const page = await e2e.pageAs('local-counselor-1')
    await withScreenshot(page, 'screens-availability', async () => {
      await page.goto(`${e2e.baseUrl}/#/packages/counseling/pages/availability/index`)
      await shown(page, '.availability__picker').first().waitFor()
      // no text box (Taro's Input) for a time: only pickers
      expect(await page.locator('.availability taro-input-core').count()).toBe(0)
      expect(await shown(page, '.availability__picker').count()).toBeGreaterThanOrEqual(2)
    })
  }, 60000)
})

describe('privacy', () => {
  test('refusing the privacy guide is no dead end: browsing goes on, and it is asked again', async () => {
    const page = await e2e.pageAs('e2e-newcomer')
    await withScreenshot(page, 'screens-privacy', async () => {
      await page.goto(`${e2e.baseUrl}/#/pages/home/index`)
      await page.getByText('还没有待办事项').waitFor()
      await shown(page, '.home__card--hint', '完善个人资料').click()
      await page.locator('.privacy-popup__refuse').click()
      await shown(page, '.profile__refused', '您暂未同意隐私保护指引').waitFor()
      expect(await shown(page, '.state--error').count()).toBe(0)
      await shot(page, 'privacy-refused-375')
      await shown(page, '.profile__later').click()
      await shown(page, '.home__service--activity').click()
      await shown(page, '.act-card').first().waitFor()
      await page.goBack()
      await shown(page, '.home__services').waitFor()
      await shown(page, '.home__card--hint', '完善个人资料').click()
      await page.locator('.privacy-popup__agree').filter({ visible: true }).click()
      await shown(page, '.profile__input--realName').waitFor()
    })
  }, 60000)
})
