/**
 * The cabinet link: how the cloud sends an `open` command to a cabinet (CONTRACT.md). Production talks
 * HTTP to the cabinet vendor's gateway, configured per environment; the local cloud plugs in its
 * cabinet simulator. The cabinet answers later through `cabinetGateway` (doorOpened / openFailed).
 */
import http from 'http'
import https from 'https'
import { signCabinetRequest } from '../cabinetGateway/signature'

export interface OpenCommand {
  commandId: string
  cabinetId: string
  door: number
}

/** Whether the link took the command; the door opening itself is reported by the cabinet. */
export type LinkAnswer = { accepted: true } | { accepted: false; reason: string }

export interface CabinetLink {
  open(command: OpenCommand): Promise<LinkAnswer>
}

export interface VendorGatewayConfig {
  url: string
  secret: string
  timeoutMs: number
}

/** CABINET_GATEWAY_URL and CABINET_GATEWAY_SECRET, set in the CloudBase console per environment. */
export function readVendorGatewayConfig(vars: Record<string, string | undefined> = process.env): VendorGatewayConfig | null {
  const url = vars.CABINET_GATEWAY_URL
  const secret = vars.CABINET_GATEWAY_SECRET
  if (!url || !secret) return null
  return { url, secret, timeoutMs: Number(vars.CABINET_GATEWAY_TIMEOUT_MS) || 3000 }
}

/** The vendor's gateway: a signed JSON POST; any 2xx answer means the command was queued for the cabinet. */
export function vendorGatewayLink(config: VendorGatewayConfig, now: () => Date): CabinetLink {
  return {
    open(command) {
      const body = JSON.stringify({ type: 'open', ...command })
      const timestamp = String(now().getTime())
      const url = new URL(config.url)
      const transport = url.protocol === 'https:' ? https : http
      return new Promise((resolve) => {
        const request = transport.request(
          url,
          {
            method: 'POST',
            timeout: config.timeoutMs,
            headers: {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(body),
              'x-cabinet-id': command.cabinetId,
              'x-timestamp': timestamp,
              'x-signature': signCabinetRequest(config.secret, timestamp, body),
            },
          },
          (response) => {
            response.resume()
            const status = response.statusCode ?? 0
            resolve(status >= 200 && status < 300 ? { accepted: true } : { accepted: false, reason: `网关返回 ${status}` })
          },
        )
        request.on('timeout', () => request.destroy(new Error('timeout')))
        request.on('error', (error) => resolve({ accepted: false, reason: `网关不可达：${error.message}` }))
        request.end(body)
      })
    },
  }
}

const unconfigured: CabinetLink = {
  open: async () => ({ accepted: false, reason: '未配置书柜网关' }),
}

/** Production's link: the vendor gateway from the environment, or one that refuses when none is set. */
export function cabinetLinkFromEnv(now: () => Date, vars: Record<string, string | undefined> = process.env): CabinetLink {
  const config = readVendorGatewayConfig(vars)
  return config ? vendorGatewayLink(config, now) : unconfigured
}

/** The link the function was given (FunctionDeps.cabinetLink); none configured, every command is refused. */
export function cabinetLink(ctx: { cabinetLink?: CabinetLink }): CabinetLink {
  return ctx.cabinetLink ?? unconfigured
}
