import type { Answer } from '../../functions/contract'
import { viewerAction, type ViewerState } from '../../domain/activity/viewerAction'
import { activityBadge, organizerActions, signupBadge } from '../../domain/activity/badges'
import { HOUR_MS, MINUTE_MS, shanghaiInstant } from '../../domain/time'
import { answerCloud, cloudCalls, installWeChatDoubles, renderScreen, settle, textOf, recordWeChatCalls, wxCalls } from './support/simulate'
import { rosterOf } from '../support/long-list-fixtures'

type Detail = Answer<'activity', 'detail'>

const start = shanghaiInstant('2027-03-03', '09:00').getTime()
const activity: Answer<'activity', 'roster'>['activity'] = {
  id: 'act-1',
  title: '地铁站文明出行引导',
  category: '文明交通',
  teamId: 'team-1',
  teamName: '青岛地铁志愿服务队',
  locationName: '青岛站',
  startAt: start,
  endAt: start + 3 * HOUR_MS,
  signupDeadline: start - 24 * HOUR_MS,
  capacity: 20,
  seatsLeft: 3,
  hours: 3,
  points: 30,
  status: 'published',
  phase: 'upcoming',
  badge: { key: 'open', label: '报名中' },
  cover: null,
}
const full: Detail['activity'] = {
  ...activity,
  description: '引导乘客有序排队',
  location: { name: '青岛站', latitude: 36.06, longitude: 120.31 },
  cancelReason: null,
  coverUrl: null,
}

let scanned = ''
beforeAll(() => {
  installWeChatDoubles()
  recordWeChatCalls({
    navigateTo: () => ({}),
    showToast: () => ({}),
    showModal: () => ({ confirm: true, cancel: false }),
    openLocation: () => ({}),
    scanCode: () => ({ result: scanned }),
  })
})

describe('activity list', () => {
  const page = (offset: number): Answer<'activity', 'list'> => ({
    items: [0, 1].map((i) => ({
      ...activity,
      id: `act-${offset + i}`,
      title: `活动 ${offset + i}`,
      seatsLeft: offset + i,
      badge: offset + i === 0 ? { key: 'full', label: '已满（可候补）' } : activity.badge,
      myBadge: offset + i === 1 ? { key: 'signedUp', label: '已报名' } : null,
      coverUrl: null,
    })),
    hasMore: offset === 0,
    ...(offset === 0
      ? { teams: [{ id: 'team-1', name: '青岛地铁志愿服务队' }], viewer: { organizer: true } }
      : { teams: undefined, viewer: undefined }),
  })

  test('shows seats, loads the next page, and filters by seats', async () => {
    answerCloud((_name, data) => ({ ok: true, data: page(data.offset) }))
    const screen = renderScreen('screens/activity/ActivityListScreen')
    await settle()
    // Opening the list is one call.
    expect(cloudCalls.map((c) => c.data.action)).toEqual(['list'])
    expect(textOf(screen)).toContain('青岛地铁志愿服务队')
    expect(screen.querySelectorAll('.act-card').length).toBe(2)
    const text = textOf(screen)
    expect(text).toContain('活动 1')
    expect(text).toContain('名额已满（共 20 个）')
    expect(text).toContain('剩余 1 / 20 个名额')
    // the server's badges, and 已报名 on my own entry
    expect(screen.querySelectorAll('.act-card__badge').map((b: any) => textOf(b))).toEqual(['已满（可候补）', '报名中'])
    expect(screen.querySelectorAll('.act-card__mine').map((b: any) => textOf(b))).toEqual(['我的报名：已报名'])
    expect(cloudCalls.find((c) => c.data.action === 'list')?.data).toMatchObject({ phase: 'upcoming', offset: 0 })

    screen.querySelector('.act-more')!.dispatchEvent('tap')
    await settle()
    expect(screen.querySelectorAll('.act-card').length).toBe(4)
    expect(textOf(screen)).toContain('没有更多了')

    screen.querySelector('.act-tab--past')!.dispatchEvent('tap')
    await settle()
    const lists = () => cloudCalls.filter((c) => c.data.action === 'list')
    expect(lists()[lists().length - 1].data).toMatchObject({ phase: 'past', offset: 0 })

    // An organizer may switch to the team's own activities, drafts included.
    screen.querySelector('.act-organizer__manage')!.dispatchEvent('tap')
    await settle()
    expect(lists()[lists().length - 1].data).toMatchObject({ manage: true, offset: 0 })
  })

  test('an empty result and a failure each say so in Chinese', async () => {
    answerCloud((_name, data) =>
      data.action === 'list'
        ? { ok: false, code: 'INTERNAL', message: '服务暂时不可用，请稍后重试' }
        : { ok: false, code: 'INVALID_ARGUMENT', message: '未知操作' },
    )
    const failed = renderScreen('screens/activity/ActivityListScreen')
    await settle()
    expect(textOf(failed)).toContain('服务暂时不可用，请稍后重试')
    const none: Answer<'activity', 'list'> = { items: [], hasMore: false, teams: [], viewer: { organizer: false } }
    answerCloud(() => ({ ok: true, data: none }))
    const empty = renderScreen('screens/activity/ActivityListScreen')
    await settle()
    expect(textOf(empty)).toContain('暂无活动')
  })
})

describe('activity detail: the main button in each state', () => {
  const confirmed: Detail['mySignup'] & {} = {
    id: 'act-1:me',
    activityId: 'act-1',
    status: 'confirmed',
    signedUpAt: 0,
    checkedInAt: null,
    checkedOutAt: null,
    manualCheckin: null,
    confirmation: null,
    noShow: false,
  }
  const viewerActivity: ViewerState['activity'] = {
    status: 'published',
    startAt: new Date(start),
    endAt: new Date(activity.endAt),
    signupDeadline: new Date(activity.signupDeadline),
    seatsLeft: 3,
  }
  // The server computes the button with domain/activity/viewerAction; the screen must show exactly that.
  const detailFor = (
    state: Partial<ViewerState>,
    mySignup: Detail['mySignup'] = null,
    waitlistPosition: number | null = null,
    organizer = false,
  ): Detail => {
    const viewer: ViewerState = {
      activity: viewerActivity,
      signup: mySignup && {
        status: mySignup.status,
        checkedInAt: mySignup.checkedInAt === null ? null : new Date(mySignup.checkedInAt),
        checkedOutAt: mySignup.checkedOutAt === null ? null : new Date(mySignup.checkedOutAt),
      },
      profileComplete: true,
      now: new Date(start - 48 * HOUR_MS),
      ...state,
    }
    return {
      activity: {
        ...full,
        status: viewer.activity.status,
        seatsLeft: viewer.activity.seatsLeft,
        badge: activityBadge(viewer.activity, viewer.now),
      },
      confirmedCount: 17,
      waitlistCount: waitlistPosition ?? 0,
      mySignup,
      myBadge: viewer.signup ? signupBadge(viewer.signup, waitlistPosition) : null,
      waitlistPosition,
      action: viewerAction(viewer),
      checkinWindow: { start: start - 30 * MINUTE_MS, end: activity.endAt },
      isOrganizer: organizer,
      manage: organizer ? organizerActions(viewer.activity, viewer.now) : null,
      now: viewer.now.getTime(),
    }
  }
  const render = async (detail: Detail, onAction: (data: any) => unknown = () => ({ ok: true, data: {} })) => {
    answerCloud((_name, data) => (data.action === 'detail' ? { ok: true, data: detail } : onAction(data)))
    const screen = renderScreen('screens/activity/ActivityDetailScreen', { activityId: 'act-1' })
    await settle()
    return screen
  }
  const button = (screen: any) => screen.querySelector('.act-main')
  const press = async (screen: any) => {
    button(screen).dispatchEvent('tap')
    await settle()
  }
  /** What signup answers: the outcome and the detail view after it. */
  const signedUp = (detail: Detail, waitlistPosition: number | null = null): Answer<'activity', 'signup'> => ({
    signupId: 'act-1:me',
    status: waitlistPosition === null ? 'confirmed' : 'waitlisted',
    waitlistPosition,
    repeated: false,
    detail,
  })
  const actions = () => cloudCalls.filter((c) => c.data.action !== 'detail').map((c) => c.data)

  const detailCalls = () => cloudCalls.filter((c) => c.data.action === 'detail').length

  test('报名: signs up and shows the answer’s new state at once, without asking again', async () => {
    const after = detailFor({ activity: { ...viewerActivity, seatsLeft: 2 } }, confirmed)
    const screen = await render(detailFor({}), () => ({
      ok: true,
      data: signedUp(after),
    }))
    expect(textOf(button(screen))).toBe('报名')
    expect(textOf(screen)).toContain('剩余 3 / 20 个名额')
    expect(textOf(screen.querySelector('.act-detail__badge'))).toBe('报名中')
    await press(screen)
    expect(actions()).toEqual([{ action: 'signup', activityId: 'act-1' }])
    expect(wxCalls.find((c) => c.api === 'showToast')?.args.title).toBe('报名成功')
    expect(textOf(screen.querySelector('.act-mine__status'))).toBe('已报名')
    expect(textOf(button(screen))).toBe('取消报名')
    expect(textOf(screen)).toContain('剩余 2 / 20 个名额')
    expect(detailCalls()).toBe(1)
  })

  test('名额已满 · 排队候补: joins the waitlist and tells the place', async () => {
    const detail = detailFor({ activity: { ...viewerActivity, seatsLeft: 0 } })
    const after = detailFor({ activity: { ...viewerActivity, seatsLeft: 0 } }, { ...confirmed, status: 'waitlisted' }, 4)
    const screen = await render(detail, () => ({
      ok: true,
      data: signedUp(after, 4),
    }))
    expect(textOf(screen.querySelector('.act-detail__badge'))).toBe('已满（可候补）')
    expect(textOf(button(screen))).toBe('名额已满 · 排队候补')
    await press(screen)
    expect(wxCalls.find((c) => c.api === 'showToast')?.args.title).toBe('排在候补第 4 位')
    expect(textOf(screen.querySelector('.act-mine__status'))).toBe('候补第 4 位')
  })

  test('取消报名 is not the primary button, asks once in words that say what happens, then shows the page it answers', async () => {
    answerCloud((_name, data) => {
      if (data.action === 'detail') return { ok: true, data: detailFor({}, confirmed) }
      const cancelled: Answer<'activity', 'cancelSignup'> = { activityId: 'act-1', status: 'cancelled', detail: detailFor({}) }
      return { ok: true, data: cancelled }
    })
    const screen = renderScreen('screens/activity/ActivityDetailScreen', { activityId: 'act-1' })
    await settle()
    expect(textOf(screen.querySelector('.act-mine__status'))).toBe('已报名')
    expect(textOf(button(screen))).toBe('取消报名')
    expect(button(screen).dom.className).toContain('act-button--danger')
    await press(screen)
    const modal = wxCalls.find((c) => c.api === 'showModal')!.args
    expect(modal).toMatchObject({ confirmText: '取消报名', cancelText: '再想想' })
    // One call: the cancellation's answer is the page shown next.
    expect(actions()).toEqual([{ action: 'cancelSignup', activityId: 'act-1' }])
    expect(detailCalls()).toBe(1)
    expect(textOf(button(screen))).toBe('报名')
    expect(screen.querySelector('.act-mine')).toBeFalsy()
  })

  test('候补第 N 位: the entry shows the place; the button leaves the waitlist', async () => {
    const screen = await render(detailFor({}, { ...confirmed, status: 'waitlisted' }, 2))
    expect(textOf(screen.querySelector('.act-mine__status'))).toBe('候补第 2 位')
    expect(textOf(button(screen))).toBe('取消候补')
  })

  test('shown again, the page reads the activity again and shows what changed meanwhile', async () => {
    let current = detailFor({ profileComplete: false })
    answerCloud(() => ({ ok: true, data: current }))
    const screen = renderScreen('screens/activity/ActivityDetailScreen', { activityId: 'act-1' })
    await settle()
    expect(textOf(button(screen))).toBe('完善资料后报名')
    current = detailFor({})
    ;(screen as any).triggerPageLifeTime('show')
    await settle()
    expect(textOf(button(screen))).toBe('报名')
  })

  test('a reload still on its way when an action answers never replaces the answer with older data', async () => {
    const before = detailFor({})
    const after = detailFor({ activity: { ...viewerActivity, seatsLeft: 2 } }, confirmed)
    const screen = await render(before)
    answerCloud((_name, data) =>
      data.action === 'detail'
        ? new Promise((resolve) => setTimeout(() => resolve({ ok: true, data: before }), 200)) // read before the signup
        : { ok: true, data: signedUp(after) },
    )
    ;(screen as any).triggerPageLifeTime('show') // starts a slow reload
    await press(screen)
    expect(textOf(screen.querySelector('.act-mine__status'))).toBe('已报名')
    await settle(300)
    expect(cloudCalls.filter((c) => c.data.action === 'detail')).toHaveLength(1)
    expect(textOf(screen.querySelector('.act-mine__status'))).toBe('已报名')
    expect(textOf(button(screen))).toBe('取消报名')
  })

  test('a refused action (the record changed meanwhile) says why and reloads the page', async () => {
    let current = detailFor({}, confirmed)
    const screen = await render(current)
    // Meanwhile the organizer cancelled the activity: the cancel is refused and the page reads it again.
    answerCloud((_name, data) => {
      if (data.action === 'detail') return { ok: true, data: current }
      current = detailFor({ activity: { ...viewerActivity, status: 'cancelled' } })
      return { ok: false, code: 'CONFLICT', message: '活动已取消' }
    })
    await press(screen)
    expect(wxCalls.filter((c) => c.api === 'showModal').map((c) => c.args.content)).toContain('活动已取消')
    expect(textOf(screen.querySelector('.act-detail__badge'))).toBe('已取消')
    expect(textOf(button(screen))).toBe('活动已取消')
  })

  test('organizer: a draft shows 草稿 and 发布活动; a cancelled activity offers no 签到码 or 编辑 and no green seats', async () => {
    const draft = await render(detailFor({ activity: { ...viewerActivity, status: 'draft' } }, null, null, true))
    expect(textOf(draft.querySelector('.act-detail__badge'))).toBe('草稿')
    expect(textOf(button(draft))).toBe('发布活动')
    expect(textOf(draft.querySelector('.act-organizer'))).toContain('编辑')
    const cancelled = await render(detailFor({ activity: { ...viewerActivity, status: 'cancelled' } }, null, null, true))
    expect(textOf(cancelled.querySelector('.act-detail__badge'))).toBe('已取消')
    const links = textOf(cancelled.querySelector('.act-organizer'))
    expect(links).toContain('报名名单')
    expect(links).not.toContain('现场签到码')
    expect(links).not.toContain('编辑')
    expect(textOf(cancelled)).not.toContain('剩余')
    expect(cancelled.querySelector('.act-card__seats--muted')).toBeTruthy()
  })

  test('发布活动: publishing answers the page shown next, so it is the only call', async () => {
    const draft = detailFor({ activity: { ...viewerActivity, status: 'draft' } }, null, null, true)
    const after = detailFor({}, null, null, true)
    const published: Answer<'activity', 'publish'> = { ...full, detail: after }
    const screen = await render(draft, () => ({ ok: true, data: published }))
    expect(textOf(button(screen))).toBe('发布活动')
    await press(screen)
    expect(actions()).toEqual([{ action: 'publish', activityId: 'act-1' }])
    expect(detailCalls()).toBe(1)
    expect(wxCalls.find((c) => c.api === 'showToast')?.args.title).toBe('已发布')
    expect(textOf(screen.querySelector('.act-detail__badge'))).toBe('报名中')
    expect(screen.querySelector('.act-main--publish')).toBeFalsy()
  })

  test('签到: scans the organizer’s code and sends the token with the activity', async () => {
    scanned = 'i1abc.token.act-1'
    const checkedIn = { ...confirmed, checkedInAt: start - 10 * MINUTE_MS }
    const answer: Answer<'activity', 'checkin'> = {
      activityId: 'act-1',
      title: activity.title,
      kind: 'checkin',
      repeated: false,
      signup: checkedIn,
      detail: detailFor({ now: new Date(start - 10 * MINUTE_MS) }, checkedIn),
    }
    const screen = await render(detailFor({ now: new Date(start - 10 * MINUTE_MS) }, confirmed), () => ({ ok: true, data: answer }))
    expect(textOf(button(screen))).toBe('扫码签到')
    expect(textOf(screen)).toContain('请扫描组织者出示的签到码')
    await press(screen)
    expect(wxCalls.some((c) => c.api === 'scanCode')).toBe(true)
    expect(actions()).toEqual([{ action: 'checkin', token: 'i1abc.token.act-1', activityId: 'act-1' }])
    // after check-in the card says so and asks for the check-out code, not the check-in one
    expect(textOf(screen.querySelector('.act-mine__status'))).toBe('已签到')
    expect(textOf(button(screen))).toBe('扫码签退')
    expect(textOf(screen)).not.toContain('请扫描组织者出示的签到码')
    expect(textOf(screen)).toContain('签退码')
  })

  test('签退 after check-in; 已签退 at the end', async () => {
    const checkedIn = { ...confirmed, checkedInAt: start }
    expect(textOf(button(await render(detailFor({ now: new Date(start + HOUR_MS) }, checkedIn))))).toBe('扫码签退')
    const done = await render(detailFor({ now: new Date(start + HOUR_MS) }, { ...checkedIn, checkedOutAt: start + HOUR_MS }))
    expect(textOf(button(done))).toBe('已签退')
    await press(done)
    expect(actions()).toEqual([])
  })

  test('已截止 is disabled and sends nothing', async () => {
    const screen = await render(detailFor({ now: new Date(activity.signupDeadline) }))
    expect(textOf(button(screen))).toBe('已截止')
    await press(screen)
    expect(actions()).toEqual([])
  })

  test('完善资料后报名 opens the profile; a refusal shows its Chinese message', async () => {
    const screen = await render(detailFor({ profileComplete: false }))
    expect(textOf(button(screen))).toBe('完善资料后报名')
    await press(screen)
    expect(wxCalls.find((c) => c.api === 'navigateTo')?.args.url).toBe('/pages/profile/index')

    const refused = await render(detailFor({}), () => ({ ok: false, code: 'TIME_CONFLICT', message: '与「环保行动」时间冲突' }))
    await press(refused)
    expect(wxCalls.find((c) => c.api === 'showModal')?.args.content).toBe('与「环保行动」时间冲突')
  })

  test('the location opens the map', async () => {
    const screen = await render(detailFor({}))
    screen.querySelector('.act-detail__location')!.dispatchEvent('tap')
    await settle()
    expect(wxCalls.find((c) => c.api === 'openLocation')?.args).toMatchObject({ latitude: 36.06, longitude: 120.31, name: '青岛站' })
  })
})

describe('check-in code screen', () => {
  test('shows the current token as a QR image with its text, and fetches a new one when the step ends', async () => {
    let n = 0
    answerCloud((_name, data) => {
      n++
      const now = Date.now()
      const code: Answer<'activity', 'checkinCode'> = {
        activityId: 'act-1',
        kind: data.kind,
        token: `token-${n}`,
        link: `https://union.example.cn/checkin?t=token-${n}`,
        step: n,
        refreshAt: now + 50,
        windowStart: now - 30 * MINUTE_MS,
        windowEnd: now + 3 * HOUR_MS,
        now,
      }
      return { ok: true, data: code }
    })
    const screen = renderScreen('screens/activity/CheckinCodeScreen', { activityId: 'act-1' })
    await settle()
    expect(screen.querySelector('.qr__image')).toBeTruthy()
    expect(textOf(screen)).toContain('token-1')
    expect(textOf(screen)).toContain('每 30 秒自动更新')
    await settle(1500)
    expect(textOf(screen)).not.toContain('token-1')
    expect(cloudCalls.length).toBeGreaterThanOrEqual(2)
    screen.querySelector('.act-tab--checkout')!.dispatchEvent('tap')
    await settle()
    expect(cloudCalls[cloudCalls.length - 1].data).toMatchObject({ action: 'checkinCode', kind: 'checkout' })
    expect(textOf(screen)).toContain('扫码签退')
    screen.detach()
  })

  test('before the window opens (by the server’s clock) there is no live code, only 未到签到时间 and when it opens', async () => {
    const now = start - 2 * 24 * HOUR_MS
    answerCloud((_name, data): { ok: true; data: Answer<'activity', 'checkinCode'> } => ({
      ok: true,
      data: {
        activityId: 'act-1',
        kind: data.kind,
        token: 'token-early',
        link: null,
        step: 1,
        refreshAt: Date.now() + 60_000,
        windowStart: start - 30 * MINUTE_MS,
        windowEnd: activity.endAt,
        now,
      },
    }))
    const screen = renderScreen('screens/activity/CheckinCodeScreen', { activityId: 'act-1' })
    await settle()
    expect(textOf(screen)).toContain('未到签到时间')
    expect(textOf(screen)).toContain('可签到时间：3月3日 周三 08:30')
    expect(screen.querySelector('.qr__image')).toBeUndefined()
    expect(textOf(screen)).not.toContain('token-early')
    screen.detach()
  })

  test('an organizer of another team sees the refusal', async () => {
    answerCloud(() => ({ ok: false, code: 'FORBIDDEN', message: '只有本服务队的组织者可以进行此操作' }))
    const screen = renderScreen('screens/activity/CheckinCodeScreen', { activityId: 'act-1' })
    await settle()
    expect(textOf(screen)).toContain('只有本服务队的组织者可以进行此操作')
  })
})

describe('the roster: each action answers what the screen shows next, so it is the only call', () => {
  const { detail, entryAt, rosterPage } = rosterOf(3)
  const render = async (shown: Detail, onAction: (data: any) => unknown) => {
    answerCloud((_name, data) => {
      if (data.action === 'detail') return { ok: true, data: shown }
      if (data.action === 'roster') return { ok: true, data: rosterPage(0, 50) }
      return onAction(data)
    })
    const screen = renderScreen('screens/activity/RosterScreen', { activityId: 'act-1' })
    await settle()
    return screen
  }
  const actionsAfterLoad = () => cloudCalls.map((c) => c.data.action).filter((action) => action !== 'detail' && action !== 'roster')
  const reads = () => cloudCalls.filter((c) => c.data.action === 'detail' || c.data.action === 'roster').length

  test('取消活动: the answer’s detail shows the cancelled activity; nothing is read again', async () => {
    const cancelledDetail: Detail = {
      ...detail,
      activity: { ...detail.activity, status: 'cancelled', badge: { key: 'cancelled', label: '已取消' } },
      manage: { publish: false, edit: false, cancel: false, checkinCode: false, manualCheckin: false, confirmHours: false },
    }
    const answer: Answer<'activity', 'cancelActivity'> = {
      activity: { ...detail.activity, status: 'cancelled' },
      notified: 3,
      detail: cancelledDetail,
    }
    const screen = await render(detail, () => ({ ok: true, data: answer }))
    expect(screen.querySelector('.act-roster__manual')).toBeTruthy()
    screen.querySelector('.act-roster__cancel')!.dispatchEvent('tap')
    await settle()
    expect(actionsAfterLoad()).toEqual(['cancelActivity'])
    expect(reads()).toBe(2)
    expect(wxCalls.find((c) => c.api === 'showToast')?.args.title).toBe('已取消，已通知 3 人')
    expect(textOf(screen.querySelector('.act-roster__badge'))).toBe('已取消')
    expect(screen.querySelector('.act-roster__cancel')).toBeFalsy()
    expect(screen.querySelector('.act-roster__manual')).toBeFalsy()
  })

  test('发布活动: the answer’s detail shows the published activity; nothing is read again', async () => {
    const draft: Detail = {
      ...detail,
      activity: { ...detail.activity, status: 'draft', badge: { key: 'draft', label: '草稿' } },
      manage: { ...detail.manage!, publish: true },
    }
    const answer: Answer<'activity', 'publish'> = { ...detail.activity, detail }
    const screen = await render(draft, () => ({ ok: true, data: answer }))
    screen.querySelector('.act-roster__publish')!.dispatchEvent('tap')
    await settle()
    expect(actionsAfterLoad()).toEqual(['publish'])
    expect(reads()).toBe(2)
    expect(screen.querySelector('.act-roster__publish')).toBeFalsy()
    expect(textOf(screen.querySelector('.act-roster__badge'))).toBe(detail.activity.badge.label)
  })

  test('confirming everyone’s hours: the answer fills in each row; nothing is read again', async () => {
    const ended: Detail = { ...detail, manage: { ...detail.manage!, manualCheckin: false, checkinCode: false, confirmHours: true } }
    const results: Answer<'activity', 'confirmHours'>['results'] = [0, 1, 2].map((i) => ({
      openid: entryAt(i).openid,
      hours: 2,
      points: 20,
      source: 'organizer',
      by: 'local-organizer',
      at: detail.now,
      changed: true,
    }))
    const screen = await render(ended, (data) => ({ ok: true, data: { results: results.slice(0, data.entries.length) } }))
    expect(textOf(screen)).toContain('按签到记录确认全部 3 人的时长')
    screen.querySelector('.act-roster__confirm-all')!.dispatchEvent('tap')
    await settle()
    expect(actionsAfterLoad()).toEqual(['confirmHours'])
    expect(reads()).toBe(2)
    expect(wxCalls.find((c) => c.api === 'showToast')?.args.title).toBe('已确认 3 人')
    const hours = screen.querySelectorAll('.act-roster__hours')
    expect(hours.map((cell: any) => textOf(cell))).toEqual(Array(3).fill('已确认 2 小时 · 20 积分（组织者调整）'))
    expect(screen.querySelector('.act-roster__confirm-all')).toBeFalsy()
  })
})
