import type { ActionContext } from './define'

/** One job of the hourly timed trigger; each service lists its own, the cron function runs them all. */
export interface CronJob {
  name: string
  description: string
  run(ctx: ActionContext): Promise<unknown>
}
