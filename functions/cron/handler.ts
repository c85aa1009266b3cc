/**
 * cron: the hourly timed trigger (declared below; the build writes it into config.json and
 * cloudbaserc.json) runs every job of jobs.ts; `run {job}` runs one (the local dev control POST
 * /__local/cron does this). Only the cloud itself may call it.
 */
import { action, defineFunction, type FunctionDefinition, type DeployOptions } from '../_lib/define'
import type { Envelope } from '../_lib/envelope'
import * as s from '../_lib/schema'
import { cronJobs } from './jobs'

/** What CloudBase must know to run it: written into config.json and cloudbaserc.json by the build. */
const deployment: DeployOptions = {
  // every job in one run: reminders, overdue fees, lost books, refunds to resend, paged through the data
  timeoutSeconds: 60,
  openapi: ['subscribeMessage.send'],
  envVariables: ['PAY_MCH_ID'],
  // hourly at minute 0 (7-field cron: second minute hour day month weekday year), UTC+8
  triggers: [{ name: 'hourly', type: 'timer', config: '0 0 * * * * *' }],
}

const cronActions = defineFunction('cron', deployment, {
  run: action({
    access: 'system',
    input: s.object({ job: s.optional(s.oneOf(cronJobs.map((job) => job.name))) }),
    async handler(ctx, input) {
      const results: Record<string, unknown> = {}
      for (const job of cronJobs.filter((candidate) => !input.job || candidate.name === input.job)) {
        try {
          results[job.name] = await job.run(ctx)
        } catch (error) {
          // One failing job must not keep the others from running; the next trigger tries again.
          ctx.log.error('cronJobFailed', { job: job.name, error: error instanceof Error ? error.stack : String(error) })
          results[job.name] = { failed: true }
        }
      }
      return results
    },
  }),
})

/** A timer trigger's event carries no action (`{ Type: 'Timer', TriggerName, Time }`): it means run everything. */
export const cronFunction: FunctionDefinition<Envelope> = {
  name: 'cron',
  actions: cronActions.actions,
  deploy: cronActions.deploy,
  createMain(deps) {
    const main = cronActions.createMain(deps)
    return (event) => {
      const data = typeof event === 'object' && event !== null ? (event as Record<string, unknown>) : {}
      return main('action' in data ? data : { action: 'run' })
    }
  },
}
