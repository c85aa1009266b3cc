/** The roster as CSV for Excel: UTF-8 with a BOM, Shanghai times, cells that cannot run as formulas. */
import { ACTIVITY_STATUS_LABELS } from '../../domain/activity/status'
import { formatShanghai } from '../../domain/time'
import type { ActivityRecord, SignupRecord } from './records'

const STATUS_LABELS: Record<string, string> = { confirmed: '已获名额', waitlisted: '候补', cancelled: '已取消', pending: '处理中' }

/** Quotes every cell; a leading = + - @ gets an apostrophe so a spreadsheet shows it as text. */
export function csvCell(value: string | number | null): string {
  const text = value === null ? '' : String(value)
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
  return `"${safe.replace(/"/g, '""')}"`
}

const time = (date: Date | null) => (date ? formatShanghai(new Date(date), 'YYYY-MM-DD HH:mm') : '')

export function rosterCsv(
  activity: ActivityRecord,
  rows: { signup: SignupRecord; person: { name: string; phone: string; workUnit: string; noShows: number } }[],
): string {
  const header = [
    '序号',
    '姓名',
    '手机号',
    '工作单位',
    '报名状态',
    '签到时间',
    '签退时间',
    '手工签到',
    '确认时长（小时）',
    '积分',
    '确认人',
    '累计爽约',
  ]
  const lines = rows.map(({ signup, person }, index) =>
    [
      index + 1,
      person.name,
      person.phone,
      person.workUnit,
      STATUS_LABELS[signup.status] ?? signup.status,
      time(signup.checkedInAt),
      time(signup.checkedOutAt),
      signup.manualCheckin ? `是（${time(signup.manualCheckin.at)}）` : '',
      signup.confirmation ? signup.confirmation.hours : '',
      signup.confirmation ? signup.confirmation.points : '',
      signup.confirmation
        ? signup.confirmation.source === 'organizer'
          ? `组织者调整 ${signup.confirmation.by}`
          : signup.confirmation.by
        : '',
      person.noShows,
    ]
      .map(csvCell)
      .join(','),
  )
  const title = `${activity.title}（${ACTIVITY_STATUS_LABELS[activity.status]}，${time(activity.startAt)}–${time(activity.endAt)}）`
  return `\uFEFF${csvCell(title)}\r\n${header.map(csvCell).join(',')}\r\n${lines.join('\r\n')}\r\n`
}
