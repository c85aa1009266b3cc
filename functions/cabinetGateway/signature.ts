/**
 * The cabinet → cloud request signature of CONTRACT.md:
 * X-Signature = hex HMAC-SHA256(cabinet secret, X-Timestamp + "\n" + raw body), refused when the
 * timestamp is more than 5 minutes from the cloud's clock (either way) so a captured request cannot
 * be replayed later. Shared by the gateway, the cloud's commands to cabinets (bookcase/link.ts), the
 * cabinet simulator and tests.
 */
import { MINUTE_MS } from '../../domain/time'
import { hmacSha256, sameText } from '../_lib/crypto'

export const CABINET_SIGNATURE_MAX_SKEW_MS = 5 * MINUTE_MS

export function signCabinetRequest(secret: string, timestamp: number | string, rawBody: string): string {
  return hmacSha256(secret, `${timestamp}\n${rawBody}`).toString('hex')
}

export type CabinetSignatureCheck = { ok: true } | { ok: false; reason: 'MISSING' | 'STALE' | 'BAD_SIGNATURE' }

export function verifyCabinetRequest(input: {
  secret: string
  timestamp: string | undefined
  signature: string | undefined
  rawBody: string
  now: Date
  maxSkewMs?: number
}): CabinetSignatureCheck {
  const { timestamp, signature } = input
  if (!input.secret || !timestamp || !signature || !/^\d{1,16}$/.test(timestamp)) return { ok: false, reason: 'MISSING' }
  if (Math.abs(input.now.getTime() - Number(timestamp)) > (input.maxSkewMs ?? CABINET_SIGNATURE_MAX_SKEW_MS))
    return { ok: false, reason: 'STALE' }
  const expected = signCabinetRequest(input.secret, timestamp, input.rawBody)
  return sameText(expected, signature.toLowerCase()) ? { ok: true } : { ok: false, reason: 'BAD_SIGNATURE' }
}
