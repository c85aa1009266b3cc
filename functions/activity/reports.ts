/**
 * What organizers and union staff export (XLSX to open in Excel, or CSV): an activity's roster with
 * hours, and the volunteer hours of a team in a month. Times are Shanghai's.
 */
import { ACTIVITY_STATUS_LABELS } from '../../domain/activity/status'
import { formatShanghai } from '../../domain/time'
import type { Sheet } from '../_lib/spreadsheet'
import type { ActivityRecord, SignupRecord } from './records'

const STATUS_LABELS: Record<string, string> = { confirmed: '已获名额', waitlisted: '候补', cancelled: '已取消', pending: '处理中' }

export interface Person {
  name: string
  phone: string
  workUnit: string
  noShows: number
}

const time = (date: Date | null) => (date ? formatShanghai(new Date(date), 'YYYY-MM-DD HH:mm') : '')

function confirmedBy(signup: SignupRecord): string {
  if (!signup.confirmation) return ''
  return signup.confirmation.source === 'organizer' ? `组织者调整 ${signup.confirmation.by}` : signup.confirmation.by
}

export function rosterSheet(activity: ActivityRecord, rows: { signup: SignupRecord; person: Person }[]): Sheet {
  return {
    name: '报名名册',
    title: `${activity.title}（${ACTIVITY_STATUS_LABELS[activity.status]}，${time(activity.startAt)}–${time(activity.endAt)}）`,
    columns: [
      { header: '序号' },
      { header: '姓名' },
      { header: '手机号', width: 14 },
      { header: '工作单位', width: 20 },
      { header: '报名状态' },
      { header: '签到时间', width: 17 },
      { header: '签退时间', width: 17 },
      { header: '手工签到', width: 22 },
      { header: '确认时长（小时）' },
      { header: '积分' },
      { header: '确认人', width: 20 },
      { header: '累计爽约' },
    ],
    rows: rows.map(({ signup, person }, index) => [
      index + 1,
      person.name,
      person.phone,
      person.workUnit,
      STATUS_LABELS[signup.status] ?? signup.status,
      time(signup.checkedInAt),
      time(signup.checkedOutAt),
      signup.manualCheckin ? `是（${time(signup.manualCheckin.at)}）` : '',
      signup.confirmation ? signup.confirmation.hours : null,
      signup.confirmation ? signup.confirmation.points : null,
      confirmedBy(signup),
      person.noShows,
    ]),
  }
}

/** A team's month: one line per volunteer (totals), then one line per confirmed activity. */
export function hoursSheets(teamName: string, month: string, signups: SignupRecord[], people: Map<string, Person>): Sheet[] {
  const confirmed = signups.filter((s) => s.confirmation)
  const totals = new Map<string, { activities: number; hours: number; points: number }>()
  for (const signup of confirmed) {
    const total = totals.get(signup.openid) ?? { activities: 0, hours: 0, points: 0 }
    total.activities++
    total.hours += signup.confirmation!.hours
    total.points += signup.confirmation!.points
    totals.set(signup.openid, total)
  }
  const person = (openid: string) => people.get(openid) ?? { name: '未填写', phone: '', workUnit: '', noShows: 0 }
  const summary: Sheet = {
    name: '志愿时长汇总',
    title: `${teamName} ${month} 志愿服务时长`,
    columns: [
      { header: '姓名' },
      { header: '手机号', width: 14 },
      { header: '工作单位', width: 20 },
      { header: '活动数' },
      { header: '服务时长（小时）' },
      { header: '积分' },
    ],
    rows: [...totals]
      .sort((a, b) => b[1].hours - a[1].hours || person(a[0]).name.localeCompare(person(b[0]).name, 'zh'))
      .map(([openid, t]) => [person(openid).name, person(openid).phone, person(openid).workUnit, t.activities, t.hours, t.points]),
  }
  const detail: Sheet = {
    name: '明细',
    columns: [
      { header: '活动日期', width: 17 },
      { header: '活动', width: 30 },
      { header: '姓名' },
      { header: '服务时长（小时）' },
      { header: '积分' },
      { header: '确认方式', width: 20 },
    ],
    rows: confirmed
      .sort((a, b) => new Date(a.startAt).getTime() - new Date(b.startAt).getTime())
      .map((s) => [
        time(s.startAt),
        s.title,
        person(s.openid).name,
        s.confirmation!.hours,
        s.confirmation!.points,
        s.confirmation!.source === 'organizer' ? '组织者确认/调整' : '按签到签退',
      ]),
  }
  return [summary, detail]
}
