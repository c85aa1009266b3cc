/** The loans report: every loan borrowed in a Shanghai month, for union staff (XLSX or CSV). */
import type { ActionContext } from '../_lib/define'
import { exportTable, monthRange } from '../_lib/exports'
import { readAll } from '../_lib/paging'
import type { TableFormat } from '../_lib/spreadsheet'
import { formatShanghai } from '../../domain/time'
import { LOANS, type LoanRecord } from './records'
import { usersById } from './users'

/** Loans one month's report holds at most (a month of a city's cabinets is far fewer). */
const REPORT_MAX_LOANS = 50_000
const STATUS_LABELS: Record<LoanRecord['status'], string> = { onLoan: '借出中', returned: '已归还', lost: '已丢失' }
const time = (date: Date | null) => (date ? formatShanghai(new Date(date), 'YYYY-MM-DD HH:mm') : '')
const yuan = (fen: number) => fen / 100

export async function loansReport(ctx: ActionContext, month: string, format: TableFormat) {
  const { start, end } = monthRange(month)
  const loans = await readAll(
    ctx.db
      .collection<LoanRecord>(LOANS)
      .where({ borrowedAt: ctx._.gte(start).and(ctx._.lt(end)) })
      .orderBy('_id', 'asc'),
    REPORT_MAX_LOANS,
  )
  loans.sort((a, b) => new Date(a.borrowedAt).getTime() - new Date(b.borrowedAt).getTime())
  const borrowers = await usersById(ctx, [...new Set(loans.map((loan) => loan.openid))])
  const sheet = {
    name: '借阅明细',
    title: `职工书柜 ${month} 借阅明细（导出于 ${time(ctx.now)}）`,
    columns: [
      { header: '借阅编号', width: 24 },
      { header: '书名', width: 24 },
      { header: '标签', width: 16 },
      { header: 'ISBN', width: 16 },
      { header: '借阅人' },
      { header: '借出书柜', width: 14 },
      { header: '借出时间', width: 17 },
      { header: '应还时间', width: 17 },
      { header: '归还时间', width: 17 },
      { header: '归还书柜', width: 14 },
      { header: '状态' },
      { header: '费用（元）' },
      { header: '超额借阅' },
      { header: '已减免' },
    ],
    rows: loans.map((loan) => [
      loan._id,
      loan.title,
      loan.tag,
      loan.isbn,
      borrowers.get(loan.openid)?.profile?.realName || '未填写',
      loan.borrowCabinetId,
      time(loan.borrowedAt),
      time(loan.dueAt),
      time(loan.returnedAt),
      loan.returnCabinetId,
      STATUS_LABELS[loan.status],
      yuan(loan.waived ? 0 : loan.fee),
      loan.overLimit ? '是' : '',
      loan.waived ? '是' : '',
    ]),
  }
  return exportTable(ctx, 'loans', `loans-${month}`, format, [sheet])
}
