import { AppError } from './envelope'
import { parseConfig, type AppConfig } from '../../domain/config'

/**
 * Configuration from the function's environment variables (set per environment in the CloudBase
 * console or cloudbaserc.json; the local cloud passes its own). Nothing here has a default: a missing
 * secret makes the actions that need it refuse (`requireSetting`), never run on a guessable value.
 */
export interface FunctionEnv {
  /** OPENIDs that are admins from the start, before anyone can grant roles. */
  adminOpenids: string[]
  /** Signs rotating check-in tokens (CHECKIN_SECRET). */
  checkinSecret?: string
  /** WeChat Pay sub-merchant id (PAY_MCH_ID). */
  payMchId?: string
  /**
   * The https prefix registered for 扫普通链接二维码打开小程序 (mapped to the check-in page): the rotating
   * check-in code is `<prefix>?t=<token>`, so WeChat's own scanner opens the mini-program at check-in.
   */
  checkinUrlPrefix?: string
  /** Subscription message template ids, by purpose; empty means "inbox only". */
  templates: Record<string, string>
  /** The product's numbers (deposit, loan limit, windows …): defaults with APP_CONFIG laid over them. */
  config: AppConfig
}

export function readEnv(vars: Record<string, string | undefined> = process.env): FunctionEnv {
  return {
    adminOpenids: (vars.ADMIN_OPENIDS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    checkinSecret: vars.CHECKIN_SECRET?.trim() || undefined,
    payMchId: vars.PAY_MCH_ID?.trim() || undefined,
    checkinUrlPrefix: vars.CHECKIN_URL_PREFIX?.trim() || undefined,
    templates: parseTemplates(vars.SUBSCRIBE_TEMPLATES),
    // A malformed APP_CONFIG fails the function's start, loudly, rather than running on defaults.
    config: parseConfig(vars.APP_CONFIG),
  }
}

/** The env variable each setting comes from (named in the configuration error). */
const SETTING_VARIABLES = { checkinSecret: 'CHECKIN_SECRET', payMchId: 'PAY_MCH_ID' } as const

export class ConfigurationError extends AppError {
  constructor(readonly variable: string) {
    super('NOT_CONFIGURED')
  }
}

/** A setting an action cannot work without; missing, the action answers NOT_CONFIGURED (and logs it). */
export function requireSetting(env: FunctionEnv, setting: keyof typeof SETTING_VARIABLES): string {
  const value = env[setting]
  if (!value) throw new ConfigurationError(SETTING_VARIABLES[setting])
  return value
}

/** "dueSoon=tmplA,overdue=tmplB" → { dueSoon: 'tmplA', overdue: 'tmplB' } */
function parseTemplates(value: string | undefined): Record<string, string> {
  const templates: Record<string, string> = {}
  for (const pair of (value ?? '').split(',')) {
    const [purpose, id] = pair.split('=').map((s) => s.trim())
    if (purpose && id) templates[purpose] = id
  }
  return templates
}
