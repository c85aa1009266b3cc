import { shanghaiInstant } from '../../domain/time'
import { answerCloud, cloudCalls, installWeChatDoubles, renderScreen, settle, textOf } from './support/simulate'

const counselor = {
  counselorId: 'counselor-1',
  name: '周心怡',
  title: '国家二级心理咨询师',
  specialties: ['情绪压力', '睡眠问题'],
  introduction: '从事职工心理服务 10 年',
  modes: ['in_person', 'online'],
  place: '市职工心理健康中心',
  photo: null,
  nextSlot: null,
}
const slot = (date: string, time: string) => {
  const start = shanghaiInstant(date, time)
  return { start: start.toISOString(), end: new Date(start.getTime() + 50 * 60000).toISOString() }
}
const slots = [slot('2026-11-24', '09:00'), slot('2026-11-24', '10:00'), slot('2026-11-25', '14:00')]

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
    expect(screen.querySelectorAll('.slots__time').map((t: any) => textOf(t))).toEqual(['09:00', '10:00'])

    screen.querySelectorAll('.slots__day')[1].dispatchEvent('tap')
    await settle()
    expect(screen.querySelectorAll('.slots__time').map((t: any) => textOf(t))).toEqual(['14:00'])
    screen.querySelectorAll('.slots__time')[0].dispatchEvent('tap')
    await settle()
    expect(navigations).toEqual([
      `/packages/counseling/pages/book/index?counselorId=counselor-1&start=${encodeURIComponent(slots[2].start)}`,
    ])
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
