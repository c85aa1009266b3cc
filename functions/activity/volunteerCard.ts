/**
 * The 志愿者证's number and its QR code. The number is stable and public (derived from the OPENID,
 * which it does not reveal). The code is a signed, short-lived token an organizer scans to verify
 * the card: a screenshot forwarded later no longer verifies.
 *   vc1.<expiry ms base36>.<sig: base64url of the first 12 HMAC bytes>.<openid>
 */
import { refuse, type Refusal } from '../../domain/errors'
import { hmacSha256, sameText, sha256 } from '../_lib/crypto'

/** How long a card's QR code verifies: long enough to show and scan, too short to pass around. */
export const CARD_CODE_TTL_MS = 5 * 60 * 1000
const PREFIX = 'vc1'
const SIG_BYTES = 12

/** "V" and 8 digits: the volunteer number printed on the card. */
export function volunteerNumber(openid: string): string {
  const value = sha256(`volunteer|${openid}`).readUInt32BE(0)
  return `V${String(value % 100_000_000).padStart(8, '0')}`
}

function mac(secret: string, openid: string, expiresAt: number): string {
  if (!secret) throw new Error('volunteer card secret is not configured')
  return hmacSha256(secret, `${PREFIX}|${openid}|${expiresAt}`).subarray(0, SIG_BYTES).toString('base64url')
}

export function issueCardCode(secret: string, openid: string, now: Date): { code: string; expiresAt: Date } {
  const expiresAt = now.getTime() + CARD_CODE_TTL_MS
  return { code: `${PREFIX}.${expiresAt.toString(36)}.${mac(secret, openid, expiresAt)}.${openid}`, expiresAt: new Date(expiresAt) }
}

export type CardCodeCheck = { ok: true; openid: string } | Refusal

export function verifyCardCode(secret: string, code: string, now: Date): CardCodeCheck {
  const parts = code.split('.')
  if (parts.length !== 4 || parts[0] !== PREFIX || !parts[3]) return refuse('TOKEN_INVALID', '这不是志愿者证二维码')
  const expiresAt = parseInt(parts[1], 36)
  const openid = parts[3]
  if (!Number.isFinite(expiresAt) || !sameText(parts[2], mac(secret, openid, expiresAt))) {
    return refuse('TOKEN_INVALID', '志愿者证二维码无效，可能是伪造的')
  }
  if (now.getTime() > expiresAt) return refuse('TOKEN_EXPIRED', '志愿者证二维码已过期，请对方刷新后再扫')
  if (expiresAt - now.getTime() > CARD_CODE_TTL_MS) return refuse('TOKEN_INVALID', '志愿者证二维码时间异常，请对方刷新后再扫')
  return { ok: true, openid }
}
