import cloud from 'wx-server-sdk'
import { systemClock } from './clock'
import { readEnv } from './env'
import type { FunctionDefinition } from './define'
import type { CloudSdk } from './sdk'
import { cabinetLinkFromEnv } from '../bookcase/link'

/**
 * The deployed entry: the real SDK in the environment the function runs in (DYNAMIC_CURRENT_ENV),
 * the system clock, the function's environment variables and the vendor's cabinet gateway.
 * `definition` is exported beside `main` so the local cloud can run this very bundle with its own
 * stand-ins (FunctionDeps) — the deployed code has no local branch of its own.
 */
export function productionMain<Answer>(definition: FunctionDefinition<Answer>) {
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV })
  return definition.createMain({
    cloud: cloud as unknown as CloudSdk,
    clock: systemClock,
    env: readEnv(),
    cabinetLink: cabinetLinkFromEnv(() => systemClock.now()),
  })
}
