/**
 * Every job the timed trigger runs, in order. A service adds its jobs here; a job must be idempotent
 * (the trigger may fire twice, or two runs may overlap): use notify keys and conditional updates.
 */
import type { CronJob } from '../_lib/cronJob'
import { activityCronJobs } from '../activity/cronJobs'
import { bookcaseCronJobs } from '../bookcase/cronJobs'
import { sendCounselingReminders } from '../counseling/notices'

export const cronJobs: CronJob[] = [
  ...bookcaseCronJobs,
  { name: 'counselingReminders', description: '心理咨询开始前 24 小时、1 小时提醒双方', run: sendCounselingReminders },
  ...activityCronJobs,
]
