import { shanghaiInstant } from '../../domain/time'
import type { Answer } from '../../functions/contract'
import { answerCloud, cloudCalls, installWeChatDoubles, renderScreen, settle, textOf } from './support/simulate'

const counselor: Answer<'counseling', 'counselor'> = {
  counselorId: 'counselor-1',
  name: '周心怡',
  title: '国家二级心理咨询师',
  specialties: ['情绪压力', '睡眠问题'],
  introduction: '从事职工心理服务 10 年',
  modes: ['in_person', 'online'],
  place: '市职工心理健康中心',
  photo: null,
  photoUrl: null,
  nextSlot: null,
  availability: { weekly: [], exceptions: [] },
}
const slot = (date: string, time: string) => {
  const start = shanghaiInstant(date, time).getTime()
  return { start, end: start + 50 * 60000 }
}
const slots: Answer<'counseling', 'slots'>['slots'] = [
  slot('2026-11-24', '09:00'),
  slot('2026-11-24', '10:00'),
  slot('2026-11-25', '14:00'),
]

type Screen = ReturnType<typeof renderScreen>

/** The element a step needs; a missing one fails the test with its selector. */
function el(screen: Screen, selector: string) {
  const found = screen.querySelector(selector)
  if (!found) throw new Error(`not rendered: ${selector}`)
  return found
}

const navigations: string[] = []
beforeAll(() => {
  installWeChatDoubles()
  // The person has agreed to the mini-program's privacy guide (tested with the profile screen).
  ;(globalThis as any).wx.requirePrivacyAuthorize = ({ success }: { success: () => void }) => success()
  ;(globalThis as any).wx.navigateTo = ({ url, success }: { url: string; success?: () => void }) => {
    navigations.push(url)
    success?.()
  }
})
beforeEach(() => {
  navigations.length = 0
})

describe('slot picker', () => {
  test('shows the days with free slots, that day’s times, and opens the form for a picked slot', async () => {
    answerCloud((_name, data) => ({ ok: true, data: data.action === 'slots' ? { counselorId: 'counselor-1', slots } : counselor }))
    const screen = renderScreen('screens/counseling/CounselorScreen', { counselorId: 'counselor-1' })
    await settle()
    const text = textOf(screen)
    expect(text).toContain('周心怡')
    expect(text).toContain('12356')
    expect(screen.querySelectorAll('.slots__day').map((d: any) => textOf(d))).toEqual(['周二11月24日', '周三11月25日'])
    // Each slot shows its start, end and length.
    expect(screen.querySelectorAll('.slots__range').map((t: any) => textOf(t))).toEqual(['09:00–09:50', '10:00–10:50'])
    expect(screen.querySelectorAll('.slots__length').map((t: any) => textOf(t))).toEqual(['50 分钟', '50 分钟'])

    screen.querySelectorAll('.slots__day')[1].dispatchEvent('tap')
    await settle()
    expect(screen.querySelectorAll('.slots__range').map((t: any) => textOf(t))).toEqual(['14:00–14:50'])
    screen.querySelectorAll('.slots__time')[0].dispatchEvent('tap')
    await settle()
    expect(navigations).toEqual([`/packages/counseling/pages/book/index?counselorId=counselor-1&start=${slots[2].start}`])
  })

  test('no free slot in 14 days says so', async () => {
    answerCloud((_name, data) => ({ ok: true, data: data.action === 'slots' ? { counselorId: 'counselor-1', slots: [] } : counselor }))
    const screen = renderScreen('screens/counseling/CounselorScreen', { counselorId: 'counselor-1' })
    await settle()
    expect(textOf(screen)).toContain('近 14 天暂无可预约时段')
  })
})

describe('booking form', () => {
  const render = async (book: (data: any) => unknown = () => ({ ok: false, code: 'INTERNAL' })) => {
    answerCloud((_name, data) => (data.action === 'book' ? book(data) : { ok: true, data: counselor }))
    const screen = renderScreen('screens/counseling/BookingFormScreen', { counselorId: 'counselor-1', start: slots[0].start })
    await settle()
    return screen
  }
  const submit = async (screen: any) => {
    el(screen, '.booking-form__submit').dispatchEvent('tap')
    await settle()
  }
  const bookCalls = () => cloudCalls.filter((c) => c.data.action === 'book')

  test('an empty form names every missing field, including the separate consent, and sends nothing', async () => {
    const screen = await render()
    await submit(screen)
    const text = textOf(screen)
    expect(text).toContain('请选择咨询方式')
    expect(text).toContain('请选择或填写咨询主题')
    expect(text).toContain('联系电话')
    expect(screen.querySelector('.field__error--consent')).toBeDefined()
    expect(text).toContain('请阅读并同意敏感个人信息处理规则')
    expect(bookCalls()).toEqual([])
  })

  test('risk words in the description show the 12356 hotline at once, before submitting', async () => {
    const screen = await render()
    expect(screen.querySelector('.hotline--urgent')).toBeUndefined()
    el(screen, '.field__description').dispatchEvent('input', { detail: { value: '最近觉得活着没意思，不想活了' } })
    await settle()
    expect(screen.querySelector('.hotline--urgent')).toBeDefined()
    expect(textOf(el(screen, '.hotline--urgent'))).toContain('12356')
    expect(bookCalls()).toEqual([])
  })

  test('a complete form with consent books with the consent version; a server refusal is shown', async () => {
    const screen = await render(() => ({ ok: false, code: 'SLOT_TAKEN', message: '该时段已被预约，请选择其他时段' }))
    el(screen, '.chip--mode-online').dispatchEvent('tap')
    const topic = screen.querySelectorAll('.chip').find((c: any) => textOf(c) === '睡眠问题')
    topic!.dispatchEvent('tap')
    el(screen, '.field__phone').dispatchEvent('input', { detail: { value: '13812345678' } })
    await settle()
    await submit(screen)
    expect(bookCalls()).toEqual([])
    expect(textOf(screen)).toContain('请阅读并同意敏感个人信息处理规则')

    el(screen, '.consent').dispatchEvent('tap')
    await settle()
    await submit(screen)
    expect(bookCalls()).toHaveLength(1)
    expect(bookCalls()[0].data).toMatchObject({
      counselorId: 'counselor-1',
      start: slots[0].start,
      mode: 'online',
      topic: '睡眠问题',
      phone: '13812345678',
      consent: { version: '2026-11' },
    })
    expect(textOf(screen)).toContain('该时段已被预约，请选择其他时段')
  })

  test('a booked urgent intake confirms the booking and keeps the hotline in view', async () => {
    const screen = await render((data) => ({
      ok: true,
      data: { bookingId: 'B1', ...data, end: slots[0].end, status: 'pending', statusLabel: '待确认', urgent: true, hotline: '12356' },
    }))
    el(screen, '.chip--mode-in_person').dispatchEvent('tap')
    const topic = screen.querySelectorAll('.chip').find((c: any) => textOf(c) === '情绪压力')
    topic!.dispatchEvent('tap')
    el(screen, '.field__description').dispatchEvent('input', { detail: { value: '我想自杀' } })
    el(screen, '.field__phone').dispatchEvent('input', { detail: { value: '13812345678' } })
    el(screen, '.consent').dispatchEvent('tap')
    await settle()
    await submit(screen)
    expect(textOf(screen)).toContain('预约已提交')
    expect(textOf(screen)).toContain('待确认')
    expect(textOf(el(screen, '.hotline--urgent'))).toContain('12356')
  })
})

describe('booking form: the crisis line and inline errors', () => {
  const render = async () => {
    answerCloud((_name, data) => (data.action === 'book' ? { ok: false, code: 'INTERNAL' } : { ok: true, data: counselor }))
    const screen = renderScreen('screens/counseling/BookingFormScreen', { counselorId: 'counselor-1', start: slots[0].start })
    await settle()
    return screen
  }

  test('risk words pin the 12356 line to the top of the screen, and tapping it calls 12356', async () => {
    const calls: string[] = []
    ;(globalThis as any).wx.makePhoneCall = ({ phoneNumber, success }: { phoneNumber: string; success?: () => void }) => {
      calls.push(phoneNumber)
      success?.()
    }
    const screen = await render()
    expect(screen.querySelector('.hotline--pinned')).toBeUndefined()
    el(screen, '.field__description').dispatchEvent('input', { detail: { value: '加班太多，有时候想轻生' } })
    await settle()
    const banner = el(screen, '.hotline--pinned')
    expect(textOf(banner)).toContain('12356')
    // room is kept under the pinned line so it never hides the form
    expect((screen.querySelector('.booking-form') as any).dom.className).toContain('booking-form--crisis')
    banner.dispatchEvent('tap')
    await settle()
    expect(calls).toEqual(['12356'])
  })

  test('errors stand next to their fields, the first is scrolled to, and each goes away once fixed', async () => {
    const scrolls: any[] = []
    ;(globalThis as any).wx.pageScrollTo = (args: any) => {
      scrolls.push(args)
      args.success?.()
    }
    const screen = await render()
    el(screen, '.booking-form__submit').dispatchEvent('tap')
    await settle(120)
    expect(screen.querySelector('.field__error--mode')).toBeDefined()
    expect(screen.querySelector('.field__error--phone')).toBeDefined()
    expect(scrolls[0]).toMatchObject({ selector: '#field-mode' })
    el(screen, '.chip--mode-online').dispatchEvent('tap')
    await settle()
    expect(screen.querySelector('.field__error--mode')).toBeUndefined()
    el(screen, '.field__phone').dispatchEvent('input', { detail: { value: '1381234' } })
    await settle()
    expect(screen.querySelector('.field__error--phone')).toBeDefined()
    el(screen, '.field__phone').dispatchEvent('input', { detail: { value: '13812345678' } })
    await settle()
    expect(screen.querySelector('.field__error--phone')).toBeUndefined()
    expect(screen.querySelector('.field__error--topic')).toBeDefined()
  })
})

describe('counselor workbench: actions the server allows, a reason in the page', () => {
  const booking = (overrides: Partial<Answer<'counseling', 'confirm'>>): Answer<'counseling', 'confirm'> => ({
    bookingId: 'B1',
    counselorId: 'counselor-1',
    start: slots[0].start,
    end: slots[0].end,
    mode: 'online',
    topic: '睡眠问题',
    description: '',
    status: 'pending',
    statusLabel: '待确认',
    urgent: false,
    rescheduleCount: 0,
    rescheduledFrom: null,
    rescheduledTo: null,
    cancellation: null,
    declineReason: null,
    feedback: null,
    clientName: '小鱼',
    phone: '13812345678',
    crisisWords: [],
    actions: { confirm: true, decline: true, cancel: true, complete: false, noShow: false },
    ...overrides,
  })
  const labels = (screen: any) => screen.querySelectorAll('.booking__actions .calm__button').map((b: any) => textOf(b))

  test('a session the server says has started offers 已完成 and 未到场, not 取消', async () => {
    const started = booking({
      status: 'confirmed',
      statusLabel: '已确认',
      actions: { confirm: false, decline: false, cancel: false, complete: true, noShow: true },
    })
    answerCloud(() => ({ ok: true, data: { items: [started], hasMore: false } }))
    const screen = renderScreen('screens/counseling/CounselorBookingsScreen')
    await settle()
    expect(labels(screen)).toEqual(['已完成', '未到场', '笔记'])
  })

  test('婉拒 asks for the reason in the page (works on H5 too), refuses an empty one, and shows the answer at once', async () => {
    answerCloud((_name, data) =>
      data.action === 'decline'
        ? {
            ok: true,
            data: booking({
              status: 'declined',
              statusLabel: '已婉拒',
              declineReason: data.reason,
              actions: { confirm: false, decline: false, cancel: false, complete: false, noShow: false },
            }),
          }
        : { ok: true, data: { items: [booking({})], hasMore: false } },
    )
    const screen = renderScreen('screens/counseling/CounselorBookingsScreen')
    await settle()
    expect(labels(screen)).toEqual(['确认', '婉拒', '取消预约', '笔记'])
    el(screen, '.booking__action--decline').dispatchEvent('tap')
    await settle()
    expect(textOf(el(screen, '.sheet'))).toContain('婉拒这个预约')
    el(screen, '.sheet__confirm').dispatchEvent('tap')
    await settle()
    expect(textOf(el(screen, '.sheet__error'))).toContain('请填写原因')
    expect(cloudCalls.filter((c) => c.data.action === 'decline')).toEqual([])
    el(screen, '.sheet__input').dispatchEvent('input', { detail: { value: '本周已约满' } })
    await settle()
    expect(screen.querySelector('.sheet__error')).toBeUndefined()
    el(screen, '.sheet__confirm').dispatchEvent('tap')
    await settle()
    expect(cloudCalls.filter((c) => c.data.action === 'decline').map((c) => c.data)).toEqual([
      { action: 'decline', bookingId: 'B1', reason: '本周已约满' },
    ])
    expect(screen.querySelector('.sheet')).toBeUndefined()
    expect(textOf(screen)).toContain('已婉拒')
    expect(textOf(screen)).toContain('婉拒原因：本周已约满')
    expect(cloudCalls.filter((c) => c.data.action === 'counselorBookings')).toHaveLength(1)
  })
})

describe('my bookings: cancel asks in plain words, a stale record reloads', () => {
  const mine = (
    overrides: Partial<Answer<'counseling', 'myBookings'>['items'][number]>,
  ): Answer<'counseling', 'myBookings'>['items'][number] => ({
    bookingId: 'B1',
    counselorId: 'counselor-1',
    start: slots[0].start,
    end: slots[0].end,
    mode: 'online',
    topic: '睡眠问题',
    description: '',
    status: 'pending',
    statusLabel: '待确认',
    urgent: false,
    rescheduleCount: 0,
    rescheduledFrom: null,
    rescheduledTo: null,
    cancellation: null,
    declineReason: null,
    feedback: null,
    nickname: null,
    phone: '13812345678',
    consent: { version: '2026-11', at: slots[0].start - 86400000 },
    counselor: { counselorId: 'counselor-1', name: '周心怡', title: '', place: null },
    canCancel: true,
    canReschedule: true,
    canGiveFeedback: false,
    ...overrides,
  })

  test('取消预约 is red, asks 取消预约 / 再想想, and the answer shows at once', async () => {
    const modals: any[] = []
    ;(globalThis as any).wx.showModal = (args: any) => {
      modals.push(args)
      args.success?.({ confirm: true, cancel: false })
    }
    answerCloud((_name, data) =>
      data.action === 'cancel'
        ? { ok: true, data: mine({ status: 'cancelled', statusLabel: '已取消', canCancel: false, canReschedule: false }) }
        : { ok: true, data: { items: [mine({})], hasMore: false } },
    )
    const screen = renderScreen('screens/counseling/MyBookingsScreen')
    await settle()
    const cancel = el(screen, '.booking__cancel')
    expect((cancel as any).dom.className).toContain('calm__button--danger')
    cancel.dispatchEvent('tap')
    await settle()
    expect(modals[0]).toMatchObject({ confirmText: '取消预约', cancelText: '再想想' })
    expect(textOf(screen)).toContain('已取消')
    expect(screen.querySelector('.booking__cancel')).toBeUndefined()
    // 删除我的咨询数据 stands apart from 导出 and is red
    expect(screen.querySelector('.my-data__delete')).toBeDefined()
  })

  test('删除我的咨询数据: nothing of it is left to list, so the list empties without being read again', async () => {
    ;(globalThis as any).wx.showModal = (args: any) => args.success?.({ confirm: true, cancel: false })
    const deleted: Answer<'counseling', 'deleteMyData'> = { anonymisedBookings: 1, deletedMessages: 2 }
    answerCloud((_name, data) =>
      data.action === 'deleteMyData' ? { ok: true, data: deleted } : { ok: true, data: { items: [mine({})], hasMore: false } },
    )
    const screen = renderScreen('screens/counseling/MyBookingsScreen')
    await settle()
    expect(screen.querySelector('.booking__cancel')).toBeTruthy()
    el(screen, '.my-data__delete').dispatchEvent('tap')
    await settle()
    expect(cloudCalls.map((c) => c.data.action)).toEqual(['myBookings', 'deleteMyData'])
    expect(screen.querySelector('.booking__cancel')).toBeFalsy()
  })

  test('a cancel refused because a reschedule replaced the booking says so and reloads the list', async () => {
    ;(globalThis as any).wx.showModal = (args: any) => args.success?.({ confirm: true, cancel: false })
    let items = [mine({})]
    answerCloud((_name, data) => {
      if (data.action !== 'cancel') return { ok: true, data: { items, hasMore: false } }
      items = [mine({ bookingId: 'B2', start: slots[1].start, end: slots[1].end })]
      return { ok: false, code: 'CONFLICT', message: '该预约已改期，原时段已取消，请查看新的预约' }
    })
    const screen = renderScreen('screens/counseling/MyBookingsScreen')
    await settle()
    el(screen, '.booking__cancel').dispatchEvent('tap')
    await settle()
    expect(textOf(screen)).toContain('10:00')
    expect(cloudCalls.filter((c) => c.data.action === 'myBookings')).toHaveLength(2)
  })
})
