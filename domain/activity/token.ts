/**
 * The rotating check-in code. The organizer's page shows a QR code of a token that names the
 * activity, the kind (check-in or check-out) and the current 30-second step, signed with
 * HMAC-SHA256 under a server secret. A token is accepted in its own step and the next one, so it
 * lives 30–60 s: long enough to scan, too short to forward a photo to someone at home.
 *
 *   <k><step base36>.<sig: base64url of the first 12 HMAC bytes, 16 chars>.<activityId>
 * where k = 'i' (check-in) or 'o' (check-out); the MAC is over `tokenMessage`. This module holds the
 * rules (format, steps, what a scanned token must satisfy); the signing itself runs in the functions
 * (functions/activity/checkinToken.ts, node:crypto): the app only reads a token's kind.
 */
import { defaultConfig, type ActivityConfig } from '../config'
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

/** base64url of the first 12 HMAC bytes. */
const SIG_CHARS = 16

export function tokenStep(now: Date, config: ActivityConfig = defaultConfig.activity): number {
  return Math.floor(now.getTime() / config.tokenStepMs)
}

/** When the organizer's page should fetch the next code: the start of the next step. */
export function nextRotationAt(now: Date, config: ActivityConfig = defaultConfig.activity): Date {
  return new Date((tokenStep(now, config) + 1) * config.tokenStepMs)
}

/** What the token's HMAC-SHA256 signs. */
export function tokenMessage(activityId: string, kind: TokenKind, step: number): string {
  return `chk1|${kind}|${activityId}|${step}`
}

export function formatToken(activityId: string, kind: TokenKind, step: number, signature: string): string {
  return `${KIND_CHAR[kind]}${step.toString(36)}.${signature}.${activityId}`
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

export interface TokenParts {
  kind: TokenKind
  step: number
  sig: string
  activityId: string
}

/** The parts of a scanned token, or null when it is not one. */
export function parseToken(token: unknown): TokenParts | null {
  if (typeof token !== 'string' || token.length > 200) return null
  const text = token.trim()
  const first = text.indexOf('.')
  const second = text.indexOf('.', first + 1)
  if (first < 0 || second < 0) return null
  const head = parseHead(text.slice(0, first))
  const sig = text.slice(first + 1, second)
  const activityId = text.slice(second + 1)
  if (!head || sig.length !== SIG_CHARS || !B64_RE.test(sig) || !activityId) return null
  return { ...head, sig, activityId }
}

/**
 * Judges a scanned token (null when it did not parse) whose signature has been checked: signed by the
 * server, for the expected activity and kind if given, from the current step or the one before. Each
 * failure has its own reason and Chinese message.
 */
export function judgeToken(
  parsed: TokenParts | null,
  signatureMatches: boolean,
  now: Date,
  expect: TokenExpectation = {},
  config: ActivityConfig = defaultConfig.activity,
): TokenCheck {
  if (!parsed) return reject('MALFORMED')
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
