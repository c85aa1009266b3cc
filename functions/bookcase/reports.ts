/** The loans report: every loan borrowed in a Shanghai month, for union staff (XLSX or CSV). */
import type { ActionContext } from '../_lib/define'
import { USERS, type UserRecord } from '../_lib/caller'
import { exportTable, monthRange } from '../_lib/exports'
import type { TableFormat } from '../_lib/spreadsheet'
import { formatShanghai } from '../../domain/time'
import { LOANS, type LoanRecord } from './records'

const PAGE = 100
const STATUS_LABELS: Record<LoanRecord['status'], string> = { onLoan: '借出中', returned: '已归还', lost: '已丢失' }
const time = (date: Date | null) => (date ? formatShanghai(new Date(date), 'YYYY-MM-DD HH:mm') : '')
const yuan = (fen: number) => fen / 100

export async function loansReport(ctx: ActionContext, month: string, format: TableFormat) {
  const { start, end } = monthRange(month)
  const loans: LoanRecord[] = []
  let lastId = ''
  for (;;) {
    const { data } = await ctx.db
      .collection<LoanRecord>(LOANS)
      .where({ borrowedAt: ctx._.gte(start).and(ctx._.lt(end)), _id: ctx._.gt(lastId) })
      .orderBy('_id', 'asc')
      .limit(PAGE)
      .get()
    loans.push(...data)
    if (data.length < PAGE) break
    lastId = data[data.length - 1]._id
  }
  loans.sort((a, b) => new Date(a.borrowedAt).getTime() - new Date(b.borrowedAt).getTime())
  const borrowers = [...new Set(loans.map((loan) => loan.openid))]
  const names = new Map<string, string>()
  for (let i = 0; i < borrowers.length; i += PAGE) {
    const { data } = await ctx.db
      .collection<UserRecord>(USERS)
      .where({ _id: ctx._.in(borrowers.slice(i, i + PAGE)) })
      .limit(PAGE)
      .get()
    for (const user of data) names.set(user._id, user.profile?.realName ?? '')
  }
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
      names.get(loan.openid) || '未填写',
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
