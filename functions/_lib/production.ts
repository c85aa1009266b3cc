import cloud from 'wx-server-sdk'
import { systemClock } from './clock'
import { readEnv } from './env'
import type { FunctionDefinition } from './define'
import type { CloudSdk } from './sdk'

/** The deployed entry: the real SDK, the system clock, the function's environment variables. */
export function productionMain<Answer>(definition: FunctionDefinition<Answer>) {
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV })
  return definition.createMain({ cloud: cloud as unknown as CloudSdk, clock: systemClock, env: readEnv() })
}
