/** The bookcase's timed work; each job is safe to run twice, or twice at once, on the same day. */
import type { CronJob } from '../_lib/cronJob'
import { shanghaiTime } from '../../domain/time'
import { resendPendingRefunds } from './refund'
import { expireStaleSessions } from './doors'
import { markLostLoans, reconcileLoanCounts, sendLoanReminders } from './loans'

/** Reminders go out from 09:00 Shanghai: the hourly trigger's first run after that sends the day's. */
const REMINDERS_FROM = '09:00'

export const bookcaseCronJobs: CronJob[] = [
  {
    name: 'loanReminders',
    description: '到期前一天提醒、逾期提醒（每天一次）',
    async run(ctx) {
      if (shanghaiTime(ctx.now) < REMINDERS_FROM) return { skipped: `${REMINDERS_FROM} 后发送` }
      return sendLoanReminders(ctx)
    },
  },
  { name: 'lostBooks', description: '费用达到押金上限的图书按丢失处理', run: markLostLoans },
  { name: 'doorSessions', description: '过期的开门会话；提醒未关柜门', run: expireStaleSessions },
  { name: 'reconcileLoanCounts', description: '核对每人在借数量与借阅记录，修正并报告偏差', run: reconcileLoanCounts },
  {
    name: 'refundRetry',
    description: '重新提交未被微信支付受理的退款（同一退款单号）',
    run: async (ctx) => ({ resent: await resendPendingRefunds(ctx) }),
  },
]
