/**
 * Configuration from the function's environment variables (set per environment in the CloudBase
 * console, or by the local cloud). Defaults are safe for local use only; production sets them.
 */
export interface FunctionEnv {
  /** Running on the local cloud: dev-only behaviour (personas, simulator) is allowed. */
  local: boolean
  /** OPENIDs that are admins from the start, before anyone can grant roles. */
  adminOpenids: string[]
  /** Signs rotating check-in tokens. */
  checkinSecret: string
  /**
   * The https prefix registered for 扫普通链接二维码打开小程序 (mapped to the check-in page): the rotating
   * check-in code is `<prefix>?t=<token>`, so WeChat's own scanner opens the mini-program at check-in.
   */
  checkinUrlPrefix: string
  /** WeChat Pay sub-merchant id and the env id cloudPay needs. */
  payMchId: string
  cloudEnvId: string
  /** Subscription message template ids, by purpose; empty means "inbox only". */
  templates: Record<string, string>
}

export function readEnv(vars: Record<string, string | undefined> = process.env): FunctionEnv {
  return {
    local: vars.LOCAL_CLOUD === '1',
    adminOpenids: (vars.ADMIN_OPENIDS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    checkinSecret: vars.CHECKIN_SECRET ?? 'local-checkin-secret',
    checkinUrlPrefix: vars.CHECKIN_URL_PREFIX ?? 'http://localhost:10086/checkin',
    payMchId: vars.PAY_MCH_ID ?? 'local-mch',
    cloudEnvId: vars.CLOUD_ENV_ID ?? 'local',
    templates: parseTemplates(vars.SUBSCRIBE_TEMPLATES),
  }
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
