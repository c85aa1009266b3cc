/**
 * Issuing and verifying the rotating check-in code (its rules: domain/activity/token.ts): the
 * signature is the first 12 bytes of HMAC-SHA256 under the server's check-in secret, base64url.
 */
import { defaultConfig, type ActivityConfig } from '../../domain/config'
import {
  formatToken,
  judgeToken,
  parseToken,
  tokenMessage,
  tokenStep,
  type TokenCheck,
  type TokenExpectation,
  type TokenKind,
} from '../../domain/activity/token'
import { hmacSha256, sameText } from '../_lib/crypto'

const SIG_BYTES = 12

function signature(secret: string, activityId: string, kind: TokenKind, step: number): string {
  if (!secret) throw new Error('check-in token secret is not configured')
  return hmacSha256(secret, tokenMessage(activityId, kind, step))
    .subarray(0, SIG_BYTES)
    .toString('base64url')
}

export function issueToken(
  secret: string,
  activityId: string,
  kind: TokenKind,
  now: Date,
  config: ActivityConfig = defaultConfig.activity,
): string {
  const step = tokenStep(now, config)
  return formatToken(activityId, kind, step, signature(secret, activityId, kind, step))
}

/** Checks a scanned token; each failure has its own reason and Chinese message (judgeToken). */
export function verifyToken(
  secret: string,
  token: unknown,
  now: Date,
  expect: TokenExpectation = {},
  config: ActivityConfig = defaultConfig.activity,
): TokenCheck {
  const parsed = parseToken(token)
  const matches = parsed !== null && sameText(signature(secret, parsed.activityId, parsed.kind, parsed.step), parsed.sig)
  return judgeToken(parsed, matches, now, expect, config)
}
