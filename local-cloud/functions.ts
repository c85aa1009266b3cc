import type { FunctionDefinition } from '../functions/_lib/define'
import { userFunction } from '../functions/user/handler'
import { activityFunction } from '../functions/activity/handler'
import { bookcaseFunction } from '../functions/bookcase/handler'
import { cabinetGatewayFunction } from '../functions/cabinetGateway/handler'
import { payNotifyFunction } from '../functions/payNotify/handler'
import { cronFunction } from '../functions/cron/handler'
import { counselingFunction } from '../functions/counseling/handler'

/** Every cloud function, by the name the mini-program calls it, from the TypeScript sources. */
export const sourceFunctions: Record<string, FunctionDefinition<unknown>> = {
  user: userFunction,
  activity: activityFunction,
  bookcase: bookcaseFunction,
  cabinetGateway: cabinetGatewayFunction,
  payNotify: payNotifyFunction,
  cron: cronFunction,
  counseling: counselingFunction,
}
