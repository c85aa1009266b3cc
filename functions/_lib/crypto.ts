/**
 * Hashes and MACs for code that runs on Node (the functions, the local cloud's cabinet simulator):
 * Node's own crypto. The mini-program never signs or verifies, so it bundles none of this.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'

export function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest()
}

/** A short stable key from any text (ids derived from the caller and a request id). */
export function sha256Hex(text: string): string {
  return sha256(text).toString('hex')
}

export function hmacSha256(secret: string, message: string): Buffer {
  return createHmac('sha256', secret).update(message, 'utf8').digest()
}

/** Whether two texts are equal, in a time that does not tell where they differ. */
export function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8')
  const right = Buffer.from(b, 'utf8')
  return left.length === right.length && timingSafeEqual(left, right)
}
