import {
  ACTIVITY_CATEGORIES,
  activityPhase,
  canTransitionActivity,
  checkActivityTransition,
  isActivityEditable,
  shouldFinish,
  validateActivityDraft,
  type ActivityDraft,
  type ActivityStatus,
} from '../../../domain/activity'
import { shanghaiInstant } from '../../../domain/time'

describe('activity status transitions', () => {
  const all: ActivityStatus[] = ['draft', 'published', 'cancelled', 'finished']
  const allowed = new Set(['draft→published', 'draft→cancelled', 'published→cancelled', 'published→finished'])

  it('allows exactly draft→published→finished and cancelling a draft or a published activity', () => {
    for (const from of all)
      for (const to of all)
        expect([`${from}→${to}`, canTransitionActivity(from, to)]).toEqual([`${from}→${to}`, allowed.has(`${from}→${to}`)])
  })

  it('refuses with CONFLICT and a Chinese reason', () => {
    expect(checkActivityTransition('cancelled', 'published')).toEqual({ ok: false, code: 'CONFLICT', message: '活动已取消，不能发布' })
    expect(checkActivityTransition('finished', 'cancelled')).toMatchObject({ ok: false, message: '活动已结束，不能取消' })
    expect(checkActivityTransition('draft', 'published')).toEqual({ ok: true })
    expect(isActivityEditable('published')).toBe(true)
    expect(isActivityEditable('finished')).toBe(false)
  })

  it('phase: start inclusive, end exclusive; published activities past their end are due to finish', () => {
    const a = {
      startAt: shanghaiInstant('2026-11-23', '09:00'),
      endAt: shanghaiInstant('2026-11-23', '11:00'),
      status: 'published' as const,
    }
    expect(activityPhase(a, new Date(a.startAt.getTime() - 1))).toBe('upcoming')
    expect(activityPhase(a, a.startAt)).toBe('ongoing')
    expect(activityPhase(a, new Date(a.endAt.getTime() - 1))).toBe('ongoing')
    expect(activityPhase(a, a.endAt)).toBe('past')
    expect(shouldFinish(a, new Date(a.endAt.getTime() - 1))).toBe(false)
    expect(shouldFinish(a, a.endAt)).toBe(true)
    expect(shouldFinish({ ...a, status: 'cancelled' }, a.endAt)).toBe(false)
  })
})

describe('validateActivityDraft', () => {
  const now = shanghaiInstant('2026-11-20', '12:00')
  const draft: ActivityDraft = {
    title: '地铁站文明引导',
    category: '文明交通',
    description: '在地铁站引导乘客有序乘车',
    location: { name: '人民广场站', latitude: 31.23, longitude: 121.47 },
    startAt: shanghaiInstant('2026-11-23', '09:00'),
    endAt: shanghaiInstant('2026-11-23', '12:00'),
    signupDeadline: shanghaiInstant('2026-11-22', '18:00'),
    capacity: 20,
    hours: 3,
    points: 10,
  }
  const errorsOf = (patch: Partial<Record<keyof ActivityDraft, unknown>>, withNow = true) =>
    validateActivityDraft({ ...draft, ...patch }, withNow ? { now } : {})

  it('accepts a good draft', () => {
    expect(errorsOf({})).toEqual({})
  })

  it('title length 2–50', () => {
    expect(errorsOf({ title: '  ' }).title).toBe('请填写活动标题')
    expect(errorsOf({ title: '植' }).title).toBe('活动标题应为 2–50 个字')
    expect(errorsOf({ title: '植'.repeat(51) }).title).toBe('活动标题应为 2–50 个字')
    expect(errorsOf({ title: '植'.repeat(50) }).title).toBeUndefined()
  })

  it('category from the product list only', () => {
    expect(ACTIVITY_CATEGORIES).toEqual([
      '文明交通',
      '环保',
      '关爱帮扶',
      '劳模宣讲',
      '心理健康',
      '春送岗位',
      '夏送清凉',
      '金秋助学',
      '冬送温暖',
    ])
    for (const category of ACTIVITY_CATEGORIES) expect(errorsOf({ category }).category).toBeUndefined()
    expect(errorsOf({ category: '其他' }).category).toMatch(/^活动类别应为：文明交通、/)
  })

  it('capacity is an integer 1..10000', () => {
    for (const capacity of [1, 10000]) expect(errorsOf({ capacity }).capacity).toBeUndefined()
    for (const capacity of [0, 10001, 2.5, -1, NaN, Infinity, '20'])
      expect(errorsOf({ capacity }).capacity).toBe('招募人数应为 1–10000 的整数')
  })

  it('end after start, deadline not after start, both in the future when creating', () => {
    expect(errorsOf({ endAt: draft.startAt }).endAt).toBe('结束时间应晚于开始时间')
    expect(errorsOf({ endAt: new Date(draft.startAt.getTime() - 1) }).endAt).toBe('结束时间应晚于开始时间')
    expect(errorsOf({ endAt: new Date(draft.startAt.getTime() + 8 * 86400_000), hours: 3 }).endAt).toMatch(/不能超过 7 天/)
    expect(errorsOf({ signupDeadline: draft.startAt }).signupDeadline).toBeUndefined()
    expect(errorsOf({ signupDeadline: new Date(draft.startAt.getTime() + 1) }).signupDeadline).toBe('报名截止时间不能晚于开始时间')
    expect(errorsOf({ startAt: now, signupDeadline: now, endAt: new Date(now.getTime() + 3 * 3600_000) }).startAt).toBe(
      '开始时间应晚于现在',
    )
    expect(errorsOf({ signupDeadline: now }).signupDeadline).toBe('报名截止时间应晚于现在')
    // An edit of a running activity passes no `now`.
    expect(errorsOf({ signupDeadline: now }, false)).toEqual({})
    expect(errorsOf({ startAt: 'tomorrow' }).startAt).toBe('请选择开始时间')
    expect(errorsOf({ endAt: new Date('nonsense') }).endAt).toBe('请选择结束时间')
  })

  it('hours: half hours, positive, not longer than the activity', () => {
    expect(errorsOf({ hours: 2.5 }).hours).toBeUndefined()
    expect(errorsOf({ hours: 3 }).hours).toBeUndefined()
    expect(errorsOf({ hours: 3.5 }).hours).toBe('服务时长不能超过活动时长')
    expect(errorsOf({ hours: 0 }).hours).toBe('服务时长应为 0.5 小时的整数倍且大于 0')
    expect(errorsOf({ hours: 1.25 }).hours).toBe('服务时长应为 0.5 小时的整数倍且大于 0')
  })

  it('points integer 0..1000', () => {
    expect(errorsOf({ points: 0 }).points).toBeUndefined()
    expect(errorsOf({ points: 1001 }).points).toBe('积分应为 0–1000 的整数')
    expect(errorsOf({ points: 1.5 }).points).toBe('积分应为 0–1000 的整数')
  })

  it('location: a name and coordinates in range', () => {
    expect(errorsOf({ location: { name: '', latitude: 91, longitude: -181 } })).toEqual({
      'location.name': '请填写活动地点',
      'location.latitude': '纬度应在 -90 到 90 之间',
      'location.longitude': '经度应在 -180 到 180 之间',
    })
    expect(errorsOf({ location: { name: '赤道', latitude: 0, longitude: 180 } })).toEqual({})
    expect(errorsOf({ location: null })['location.name']).toBe('请填写活动地点')
  })

  it('description is optional but bounded', () => {
    expect(errorsOf({ description: undefined })).toEqual({})
    expect(errorsOf({ description: '字'.repeat(5001) }).description).toBe('活动介绍不能超过 5000 字')
  })
})
