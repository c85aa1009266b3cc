/**
 * Forms as PRODUCT.md asks (issue 14, point 7): errors inline next to their field, scrolled to,
 * gone as soon as the field is right; times and dates picked, never typed.
 */
import type { Answer } from '../../functions/contract'
import { answerCloud, cloudCalls, installWeChatDoubles, renderScreen, settle, textOf } from './support/simulate'

const scrolls: any[] = []
beforeAll(() => {
  installWeChatDoubles()
  const wx = (globalThis as any).wx
  wx.pageScrollTo = (args: any) => {
    scrolls.push(args)
    args.success?.()
  }
  wx.showToast = (args: any) => args.success?.()
})
beforeEach(() => {
  scrolls.length = 0
})

describe('activity form', () => {
  const me = { openid: 'o-1', roles: ['organizer'], organizerTeams: ['team-1'], profileComplete: true }
  const teams: Answer<'activity', 'teams'> = { items: [{ id: 'team-1', name: '青岛地铁志愿服务队' }] }
  const render = async () => {
    answerCloud((_name, data) => ({ ok: true, data: data.action === 'teams' ? teams : me }))
    const screen = renderScreen('screens/activity/ActivityFormScreen', {})
    await settle()
    return screen
  }

  test('a submit with problems shows each next to its field, scrolls to the first, sends nothing; fixing one clears it', async () => {
    const screen = await render()
    screen.querySelector('.act-form__draft')!.dispatchEvent('tap')
    await settle(120)
    const errors = () => screen.querySelectorAll('.act-field--error').map((field: any) => textOf(field))
    const named = (label: string) => errors().some((text: string) => text.startsWith(label))
    expect(named('活动标题') && named('地点') && named('开始')).toBe(true)
    expect(scrolls[0]).toMatchObject({ selector: '#act-field-title' })
    expect(cloudCalls.filter((c) => c.data.action === 'create')).toEqual([])
    screen.querySelector('.act-form__title')!.dispatchEvent('input', { detail: { value: '地铁站文明引导' } })
    await settle()
    expect(named('活动标题')).toBe(false)
    expect(named('开始')).toBe(true)
  })
})

describe('availability', () => {
  const me = { openid: 'c-1', roles: ['counselor'], organizerTeams: [], counselorId: 'counselor-1' }
  const counselor = {
    counselorId: 'counselor-1',
    name: '周心怡',
    title: '',
    specialties: [],
    introduction: '',
    modes: ['online'],
    place: null,
    photo: null,
    availability: { weekly: [{ weekday: 1, start: '09:00', end: '12:00' }], exceptions: [] },
  }

  test('times are picked, a wrong window is named next to its row and clears once fixed; nothing is sent meanwhile', async () => {
    answerCloud((_name, data) => ({ ok: true, data: data.action === 'me' ? me : data.action === 'counselor' ? counselor : {} }))
    const screen = renderScreen('screens/counseling/AvailabilityScreen')
    await settle()
    expect(screen.querySelectorAll('input').length).toBe(0)
    const pickers = () => screen.querySelectorAll('.availability__picker')
    expect(pickers().length).toBe(2)
    // end before start
    const end = pickers()[1]
    end.dispatchEvent('change', { detail: { value: '08:00' } })
    await settle()
    expect(textOf(screen.querySelector('.availability__end'))).toBe('08:00')
    screen.querySelector('.calm__button')!.dispatchEvent('tap')
    await settle(120)
    expect(textOf(screen.querySelector('.availability__error'))).toContain('结束时间应晚于开始时间')
    expect(scrolls[0]).toMatchObject({ selector: '#availability-weekly-0' })
    expect(cloudCalls.filter((c) => c.data.action === 'setAvailability')).toEqual([])
    pickers()[1].dispatchEvent('change', { detail: { value: '11:00' } })
    await settle()
    expect(screen.querySelector('.availability__error')).toBeUndefined()
    screen.querySelector('.calm__button')!.dispatchEvent('tap')
    await settle()
    expect(cloudCalls.filter((c) => c.data.action === 'setAvailability').map((c) => c.data)).toEqual([
      { action: 'setAvailability', weekly: [{ weekday: 1, start: '09:00', end: '11:00' }], exceptions: [] },
    ])
  })
})
