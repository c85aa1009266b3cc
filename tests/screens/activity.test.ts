import { viewerAction, type ViewerState } from '../../domain/activity/viewerAction'
import { HOUR_MS, MINUTE_MS, shanghaiInstant } from '../../domain/time'
import { answerCloud, cloudCalls, installWeChatDoubles, renderScreen, settle, textOf } from './support/simulate'

const start = shanghaiInstant('2027-03-03', '09:00').getTime()
const activity = {
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
}
const full = {
  ...activity,
  description: '引导乘客有序排队',
  location: { name: '青岛站', latitude: 36.06, longitude: 120.31 },
  cancelReason: null,
}

const wxCalls: { api: string; args: any }[] = []
let scanned = ''
beforeAll(() => {
  installWeChatDoubles()
  const wx = (globalThis as any).wx
  const record =
    (api: string, answer: () => unknown = () => ({})) =>
    (args: any) => {
      wxCalls.push({ api, args })
      args?.success?.(answer())
      args?.complete?.()
    }
  wx.navigateTo = record('navigateTo')
  wx.showToast = record('showToast')
  wx.showModal = record('showModal', () => ({ confirm: true, cancel: false }))
  wx.openLocation = record('openLocation')
  wx.scanCode = record('scanCode', () => ({ result: scanned }))
})
beforeEach(() => {
  wxCalls.length = 0
})

describe('activity list', () => {
  const page = (offset: number) => ({
    items: [0, 1].map((i) => ({ ...activity, id: `act-${offset + i}`, title: `活动 ${offset + i}`, seatsLeft: offset + i })),
    hasMore: offset === 0,
    ...(offset === 0 ? { teams: [{ id: 'team-1', name: '青岛地铁志愿服务队' }], viewer: { organizer: true } } : {}),
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
        : { ok: true, data: { items: [], roles: [] } },
    )
    const failed = renderScreen('screens/activity/ActivityListScreen')
    await settle()
    expect(textOf(failed)).toContain('服务暂时不可用，请稍后重试')
    answerCloud((_name, data) => ({ ok: true, data: data.action === 'list' ? { items: [], hasMore: false } : { items: [], roles: [] } }))
    const empty = renderScreen('screens/activity/ActivityListScreen')
    await settle()
    expect(textOf(empty)).toContain('暂无活动')
  })
})

describe('activity detail: the main button in each state', () => {
  const confirmed = {
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
  const detailFor = (state: Partial<ViewerState>, mySignup: any = null, waitlistPosition: number | null = null) => {
    const viewer: ViewerState = {
      activity: viewerActivity,
      signup: mySignup ? { ...mySignup, checkedInAt: mySignup.checkedInAt && new Date(mySignup.checkedInAt) } : null,
      waitlistPosition,
      profileComplete: true,
      now: new Date(start - 48 * HOUR_MS),
      ...state,
    }
    return {
      activity: { ...full, seatsLeft: viewer.activity.seatsLeft },
      confirmedCount: 17,
      waitlistCount: waitlistPosition ?? 0,
      mySignup,
      waitlistPosition,
      action: viewerAction(viewer),
      checkinWindow: { start: start - 30 * MINUTE_MS, end: activity.endAt },
      isOrganizer: false,
      now: viewer.now.getTime(),
    }
  }
  const render = async (detail: unknown, onAction: (data: any) => unknown = () => ({ ok: true, data: {} })) => {
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
  const actions = () => cloudCalls.filter((c) => c.data.action !== 'detail').map((c) => c.data)

  test('报名: signs up and says so', async () => {
    const after = detailFor({ activity: { ...viewerActivity, seatsLeft: 2 } }, confirmed)
    const screen = await render(detailFor({}), () => ({
      ok: true,
      data: { status: 'confirmed', waitlistPosition: null, repeated: false, detail: after },
    }))
    expect(textOf(button(screen))).toBe('报名')
    expect(textOf(screen)).toContain('剩余 3 / 20 个名额')
    await press(screen)
    expect(actions()).toEqual([{ action: 'signup', activityId: 'act-1' }])
    expect(wxCalls.find((c) => c.api === 'showToast')?.args.title).toBe('报名成功')
    // The answer is the new view: shown at once, one call for the action.
    expect(cloudCalls.map((c) => c.data.action)).toEqual(['detail', 'signup'])
    expect(textOf(button(screen))).toBe('已报名 · 取消报名')
    expect(textOf(screen)).toContain('剩余 2 / 20 个名额')
  })

  test('名额已满 · 排队候补: joins the waitlist and tells the place', async () => {
    const detail = detailFor({ activity: { ...viewerActivity, seatsLeft: 0 } })
    const screen = await render(detail, () => ({ ok: true, data: { status: 'waitlisted', waitlistPosition: 4, repeated: false } }))
    expect(textOf(button(screen))).toBe('名额已满 · 排队候补')
    await press(screen)
    expect(wxCalls.find((c) => c.api === 'showToast')?.args.title).toBe('已候补第 4 位')
  })

  test('已报名 · 取消报名: asks, then cancels', async () => {
    const screen = await render(detailFor({}, confirmed))
    expect(textOf(button(screen))).toBe('已报名 · 取消报名')
    expect(textOf(screen)).toContain('已获得名额')
    await press(screen)
    expect(wxCalls.some((c) => c.api === 'showModal')).toBe(true)
    expect(actions()).toEqual([{ action: 'cancelSignup', activityId: 'act-1' }])
  })

  test('候补第 N 位: shows the place on the button', async () => {
    const screen = await render(detailFor({}, { ...confirmed, status: 'waitlisted' }, 2))
    expect(textOf(button(screen))).toBe('候补第 2 位 · 取消候补')
  })

  test('签到: scans the organizer’s code and sends the token with the activity', async () => {
    scanned = 'i1abc.token.act-1'
    const screen = await render(detailFor({ now: new Date(start - 10 * MINUTE_MS) }, confirmed), () => ({
      ok: true,
      data: { title: activity.title, repeated: false, signup: confirmed },
    }))
    expect(textOf(button(screen))).toBe('扫码签到')
    await press(screen)
    expect(wxCalls.some((c) => c.api === 'scanCode')).toBe(true)
    expect(actions()).toEqual([{ action: 'checkin', token: 'i1abc.token.act-1', activityId: 'act-1' }])
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
      return {
        ok: true,
        data: {
          activityId: 'act-1',
          kind: data.kind,
          token: `token-${n}`,
          step: n,
          refreshAt: now + 50,
          windowStart: start - 30 * MINUTE_MS,
          windowEnd: activity.endAt,
          now,
        },
      }
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

  test('an organizer of another team sees the refusal', async () => {
    answerCloud(() => ({ ok: false, code: 'FORBIDDEN', message: '只有本服务队的组织者可以进行此操作' }))
    const screen = renderScreen('screens/activity/CheckinCodeScreen', { activityId: 'act-1' })
    await settle()
    expect(textOf(screen)).toContain('只有本服务队的组织者可以进行此操作')
  })
})
