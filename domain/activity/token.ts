/**
 * The rotating check-in code. The organizer's page shows a QR code of a token that names the
 * activity, the kind (check-in or check-out) and the current 30-second step, signed with
 * HMAC-SHA256 under a server secret. A token is accepted in its own step and the next one, so it
 * lives 30–60 s: long enough to scan, too short to forward a photo to someone at home.
 *
 * Full form (plain QR code scanned in the app, ~58 chars for a 32-char cloud id):
 *   <k><step base36>.<sig: base64url of the first 12 HMAC bytes, 16 chars>.<activityId>
 * Compact form (a mini-program code's `scene`, at most 32 chars; always 31 until the year 4000):
 *   <k><step base36, 6 chars>.<ref: 8 chars>.<sig: first 10 HMAC bytes, 14 chars>
 * where k = 'i' (check-in) or 'o' (check-out) and ref = activityRef(activityId), a short hash the
 * activity stores (indexed) so the scanned ref finds it. Both forms sign the same message, over the
 * full activity id, so a ref that happened to collide cannot be used for another activity.
 */
import { defaultConfig, type ActivityConfig } from '../config'
import { base64url, hmacSha256, sha256, timingSafeEqual } from '../crypto/sha256'
import type { ErrorCode, Refusal } from '../errors'

export type TokenKind = 'checkin' | 'checkout'
const KIND_CHAR: Record<TokenKind, string> = { checkin: 'i', checkout: 'o' }
const CHAR_KIND: Record<string, TokenKind> = { i: 'checkin', o: 'checkout' }

/** Whether a scanned token is for checking in or out (its first letter); null if it is neither. */
export function tokenKindOf(token: string): TokenKind | null {
  return CHAR_KIND[token.charAt(0)] ?? null
}

export type TokenRejectReason = 'MALFORMED' | 'FORGED' | 'WRONG_ACTIVITY' | 'WRONG_KIND' | 'EXPIRED' | 'NOT_YET_VALID'

const REJECTIONS: Record<TokenRejectReason, { code: ErrorCode; message: string }> = {
  MALFORMED: { code: 'TOKEN_INVALID', message: '这不是活动签到码，请扫描现场签到二维码' },
  FORGED: { code: 'TOKEN_INVALID', message: '签到码无效，请扫描现场签到二维码' },
  WRONG_ACTIVITY: { code: 'TOKEN_INVALID', message: '这是其他活动的签到码' },
  WRONG_KIND: { code: 'TOKEN_INVALID', message: '签到码与签退码用错了，请扫描对应的二维码' },
  EXPIRED: { code: 'TOKEN_EXPIRED', message: '签到码已过期，请扫描现场最新的二维码' },
  NOT_YET_VALID: { code: 'TOKEN_INVALID', message: '签到码时间异常，请重新扫描' },
}

export type TokenRejection = Refusal & { reason: TokenRejectReason }
export type TokenCheck = { ok: true; activityId: string; kind: TokenKind; step: number } | TokenRejection

export interface TokenExpectation {
  activityId?: string
  kind?: TokenKind
}

const FULL_SIG_BYTES = 12
const COMPACT_SIG_BYTES = 10
const COMPACT_STEP_CHARS = 6
const REF_CHARS = 8

export function tokenStep(now: Date, config: ActivityConfig = defaultConfig.activity): number {
  return Math.floor(now.getTime() / config.tokenStepMs)
}

/** When the organizer's page should fetch the next code: the start of the next step. */
export function nextRotationAt(now: Date, config: ActivityConfig = defaultConfig.activity): Date {
  return new Date((tokenStep(now, config) + 1) * config.tokenStepMs)
}

/** The short, stable key of an activity for the compact form: 8 base64url chars of SHA-256. */
export function activityRef(activityId: string): string {
  return base64url(sha256(`ref|${activityId}`)).slice(0, REF_CHARS)
}

function mac(secret: string, activityId: string, kind: TokenKind, step: number): Uint8Array {
  if (!secret) throw new Error('check-in token secret is not configured')
  return hmacSha256(secret, `chk1|${kind}|${activityId}|${step}`)
}

export function issueToken(
  secret: string,
  activityId: string,
  kind: TokenKind,
  now: Date,
  config: ActivityConfig = defaultConfig.activity,
): string {
  const step = tokenStep(now, config)
  const sig = base64url(mac(secret, activityId, kind, step).subarray(0, FULL_SIG_BYTES))
  return `${KIND_CHAR[kind]}${step.toString(36)}.${sig}.${activityId}`
}

export function issueCompactToken(
  secret: string,
  activityId: string,
  kind: TokenKind,
  now: Date,
  config: ActivityConfig = defaultConfig.activity,
): string {
  const step = tokenStep(now, config)
  const sig = base64url(mac(secret, activityId, kind, step).subarray(0, COMPACT_SIG_BYTES))
  return `${KIND_CHAR[kind]}${step.toString(36).padStart(COMPACT_STEP_CHARS, '0')}.${activityRef(activityId)}.${sig}`
}

function reject(reason: TokenRejectReason): TokenRejection {
  return { ok: false, reason, ...REJECTIONS[reason] }
}

const STEP_RE = /^[0-9a-z]{1,10}$/
const B64_RE = /^[A-Za-z0-9_-]+$/

function parseHead(head: string): { kind: TokenKind; step: number } | null {
  const kind = CHAR_KIND[head[0]]
  const stepText = head.slice(1)
  if (!kind || !STEP_RE.test(stepText)) return null
  return { kind, step: parseInt(stepText, 36) }
}

function parseFull(token: string): { kind: TokenKind; step: number; sig: string; activityId: string } | null {
  const first = token.indexOf('.')
  const second = token.indexOf('.', first + 1)
  if (first < 0 || second < 0) return null
  const head = parseHead(token.slice(0, first))
  const sig = token.slice(first + 1, second)
  const activityId = token.slice(second + 1)
  if (!head || sig.length !== 16 || !B64_RE.test(sig) || !activityId) return null
  return { ...head, sig, activityId }
}

/** The parts of a compact token, to look the activity up by `ref` before verifying. */
export function parseCompactToken(token: unknown): { kind: TokenKind; step: number; ref: string; sig: string } | null {
  if (typeof token !== 'string' || token.length > 32) return null
  const parts = token.split('.')
  if (parts.length !== 3) return null
  const head = parts[0].length === 1 + COMPACT_STEP_CHARS ? parseHead(parts[0]) : null
  const [, ref, sig] = parts
  if (!head || ref.length !== REF_CHARS || !B64_RE.test(ref) || sig.length !== 14 || !B64_RE.test(sig)) return null
  return { ...head, ref, sig }
}

function judge(
  parsed: { kind: TokenKind; step: number; activityId: string },
  signatureMatches: boolean,
  now: Date,
  expect: TokenExpectation,
  config: ActivityConfig,
): TokenCheck {
  // Signature first: nothing else in a forged token may be believed, not even its activity.
  if (!signatureMatches) return reject('FORGED')
  if (expect.activityId !== undefined && expect.activityId !== parsed.activityId) return reject('WRONG_ACTIVITY')
  if (expect.kind !== undefined && expect.kind !== parsed.kind) {
    // Say which code it is and which one is wanted, so the volunteer knows what to scan.
    const message = parsed.kind === 'checkout' ? '这是签退码：请先扫描组织者出示的签到码' : '这是签到码：签退请扫描组织者出示的签退码'
    return { ...reject('WRONG_KIND'), message }
  }
  const current = tokenStep(now, config)
  if (parsed.step > current) return reject('NOT_YET_VALID')
  if (parsed.step < current - 1) return reject('EXPIRED')
  return { ok: true, activityId: parsed.activityId, kind: parsed.kind, step: parsed.step }
}

/**
 * Checks a scanned full-form token: signed by `secret`, for the expected activity and kind if given,
 * from the current step or the one before. Each failure has its own reason and Chinese message.
 */
export function verifyToken(
  secret: string,
  token: unknown,
  now: Date,
  expect: TokenExpectation = {},
  config: ActivityConfig = defaultConfig.activity,
): TokenCheck {
  if (typeof token !== 'string' || token.length > 200) return reject('MALFORMED')
  const parsed = parseFull(token.trim())
  if (!parsed) return reject('MALFORMED')
  const expected = base64url(mac(secret, parsed.activityId, parsed.kind, parsed.step).subarray(0, FULL_SIG_BYTES))
  return judge(parsed, timingSafeEqual(expected, parsed.sig), now, expect, config)
}

/**
 * Checks a compact token against the activity its ref was looked up to (`activityId`); a ref that
 * does not belong to that activity is FORGED, as is a bad signature.
 */
export function verifyCompactToken(
  secret: string,
  token: unknown,
  activityId: string,
  now: Date,
  expect: { kind?: TokenKind } = {},
  config: ActivityConfig = defaultConfig.activity,
): TokenCheck {
  const parsed = parseCompactToken(token)
  if (!parsed) return reject('MALFORMED')
  const expected = base64url(mac(secret, activityId, parsed.kind, parsed.step).subarray(0, COMPACT_SIG_BYTES))
  const matches = timingSafeEqual(expected, parsed.sig) && parsed.ref === activityRef(activityId)
  return judge({ ...parsed, activityId }, matches, now, expect, config)
}
