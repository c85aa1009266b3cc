/** What an organizer may save as an activity; the form and the server use the same checks. */
import { defaultConfig, type ActivityConfig } from '../config'
import type { FieldErrors } from '../errors'
import { DAY_MS, HOUR_MS } from '../time'

/** PRODUCT.md §1: the regular categories, then the four seasonal campaigns (四季送). */
export const ACTIVITY_CATEGORIES = [
  '文明交通',
  '环保',
  '关爱帮扶',
  '劳模宣讲',
  '心理健康',
  '春送岗位',
  '夏送清凉',
  '金秋助学',
  '冬送温暖',
] as const
export type ActivityCategory = (typeof ACTIVITY_CATEGORIES)[number]

export function isActivityCategory(value: unknown): value is ActivityCategory {
  return typeof value === 'string' && (ACTIVITY_CATEGORIES as readonly string[]).includes(value)
}

export interface ActivityLocation {
  name: string
  latitude: number
  longitude: number
}

export interface ActivityDraft {
  title: string
  category: string
  description: string
  location: ActivityLocation
  startAt: Date
  endAt: Date
  signupDeadline: Date
  capacity: number
  /** service hours credited for full attendance, in half hours */
  hours: number
  /** points credited when the organizer confirms attendance */
  points: number
}

export type ActivityDraftField =
  | 'title'
  | 'category'
  | 'description'
  | 'location.name'
  | 'location.latitude'
  | 'location.longitude'
  | 'startAt'
  | 'endAt'
  | 'signupDeadline'
  | 'capacity'
  | 'hours'
  | 'points'

export const activityDraftLimits = {
  titleMin: 2,
  titleMax: 50,
  descriptionMax: 5000,
  locationNameMax: 100,
  capacityMax: defaultConfig.activity.capacityMax,
  /** longer than this is a series: create one activity per day */
  durationMaxMs: 7 * DAY_MS,
  pointsMax: 1000,
} as const

const length = (s: string) => Array.from(s.trim()).length
const isDate = (d: unknown): d is Date => d instanceof Date && !Number.isNaN(d.getTime())
const isNumber = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n)

/**
 * Field-named Chinese errors, `{}` when the draft can be saved. With `now` (create and publish),
 * the start must also be in the future; edits of a running activity pass no `now`. `config`: the
 * environment's numbers (the largest capacity).
 */
export function validateActivityDraft(
  draft: Partial<Record<keyof ActivityDraft, unknown>>,
  options: { now?: Date; config?: ActivityConfig } = {},
): FieldErrors<ActivityDraftField> {
  const errors: FieldErrors<ActivityDraftField> = {}
  const L = { ...activityDraftLimits, capacityMax: (options.config ?? defaultConfig.activity).capacityMax }

  const title = typeof draft.title === 'string' ? draft.title : ''
  if (!title.trim()) errors.title = '请填写活动标题'
  else if (length(title) < L.titleMin || length(title) > L.titleMax) errors.title = `活动标题应为 ${L.titleMin}–${L.titleMax} 个字`

  if (!isActivityCategory(draft.category)) errors.category = `活动类别应为：${ACTIVITY_CATEGORIES.join('、')}`

  if (draft.description !== undefined && typeof draft.description !== 'string') errors.description = '活动介绍应为文字'
  else if (typeof draft.description === 'string' && length(draft.description) > L.descriptionMax)
    errors.description = `活动介绍不能超过 ${L.descriptionMax} 字`

  const location = (typeof draft.location === 'object' && draft.location !== null ? draft.location : {}) as Partial<
    Record<keyof ActivityLocation, unknown>
  >
  const placeName = typeof location.name === 'string' ? location.name : ''
  if (!placeName.trim()) errors['location.name'] = '请填写活动地点'
  else if (length(placeName) > L.locationNameMax) errors['location.name'] = `活动地点不能超过 ${L.locationNameMax} 字`
  if (!isNumber(location.latitude) || location.latitude < -90 || location.latitude > 90)
    errors['location.latitude'] = '纬度应在 -90 到 90 之间'
  if (!isNumber(location.longitude) || location.longitude < -180 || location.longitude > 180)
    errors['location.longitude'] = '经度应在 -180 到 180 之间'

  const { startAt, endAt, signupDeadline } = draft
  if (!isDate(startAt)) errors.startAt = '请选择开始时间'
  else if (options.now && startAt.getTime() <= options.now.getTime()) errors.startAt = '开始时间应晚于现在'
  if (!isDate(endAt)) errors.endAt = '请选择结束时间'
  else if (isDate(startAt) && endAt.getTime() <= startAt.getTime()) errors.endAt = '结束时间应晚于开始时间'
  else if (isDate(startAt) && endAt.getTime() - startAt.getTime() > L.durationMaxMs)
    errors.endAt = '活动时长不能超过 7 天，更长的活动请分多次发布'
  if (!isDate(signupDeadline)) errors.signupDeadline = '请选择报名截止时间'
  else if (isDate(startAt) && signupDeadline.getTime() > startAt.getTime()) errors.signupDeadline = '报名截止时间不能晚于开始时间'
  else if (options.now && signupDeadline.getTime() <= options.now.getTime()) errors.signupDeadline = '报名截止时间应晚于现在'

  const { capacity, hours, points } = draft
  if (!isNumber(capacity) || !Number.isInteger(capacity) || capacity < 1 || capacity > L.capacityMax)
    errors.capacity = `招募人数应为 1–${L.capacityMax} 的整数`

  // Hours are credited in half hours and never exceed the time the activity lasts.
  if (!isNumber(hours) || hours <= 0 || !Number.isInteger(hours * 2)) errors.hours = '服务时长应为 0.5 小时的整数倍且大于 0'
  else if (isDate(startAt) && isDate(endAt) && endAt > startAt && hours * HOUR_MS > endAt.getTime() - startAt.getTime())
    errors.hours = '服务时长不能超过活动时长'

  if (!isNumber(points) || !Number.isInteger(points) || points < 0 || points > L.pointsMax)
    errors.points = `积分应为 0–${L.pointsMax} 的整数`

  return errors
}
