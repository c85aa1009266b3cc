import { formatHoursCn, formatTimeRangeCn } from '@domain/time'
import type { SignupView } from '../../services/activity'

export const timeRange = (startAt: number, endAt: number) => formatTimeRangeCn(new Date(startAt), new Date(endAt))

export function seatsText(activity: { seatsLeft: number; capacity: number }): string {
  return activity.seatsLeft > 0 ? `剩余 ${activity.seatsLeft} / ${activity.capacity} 个名额` : `名额已满（共 ${activity.capacity} 个）`
}

/** "已确认 2 小时 · 20 积分" or what is still missing. */
export function hoursText(signup: Pick<SignupView, 'confirmation' | 'checkedInAt' | 'noShow'>): string {
  if (signup.confirmation) {
    if (signup.noShow) return '未签到（爽约）'
    return `已确认 ${formatHoursCn(signup.confirmation.hours)} · ${signup.confirmation.points} 积分`
  }
  return signup.checkedInAt ? '待组织者确认时长' : '未签到'
}
