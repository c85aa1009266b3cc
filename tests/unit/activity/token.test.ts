import { createHmac } from 'crypto'
import { nextRotationAt, tokenKindOf, tokenStep } from '../../../domain/activity'
import { issueToken, verifyToken } from '../../../functions/activity/checkinToken'

const SECRET = 'test-checkin-secret'
const ID = '6a1f0c2b9d8e7f6a5b4c3d2e1f0a9b8c' // the shape of a cloud database _id
const STEP = 30_000
const k = 59_000_000 // a step number in late 2026
const stepStart = (n: number) => new Date(n * STEP)

describe('full-form tokens', () => {
  const token = issueToken(SECRET, ID, 'checkin', stepStart(k))

  it('is short enough for a comfortable QR code and names the activity', () => {
    expect(token.length).toBeLessThanOrEqual(60)
    expect(token).toMatch(/^i[0-9a-z]+\.[A-Za-z0-9_-]{16}\.6a1f0c2b9d8e7f6a5b4c3d2e1f0a9b8c$/)
  })

  it('is the documented HMAC: first 12 bytes of HMAC-SHA256 over chk1|kind|activityId|step', () => {
    const mac = createHmac('sha256', SECRET).update(`chk1|checkin|${ID}|${k}`).digest().subarray(0, 12).toString('base64url')
    expect(token).toBe(`i${k.toString(36)}.${mac}.${ID}`)
  })

  it('is accepted in its step and the next one only (step edges)', () => {
    expect(verifyToken(SECRET, token, stepStart(k))).toEqual({ ok: true, activityId: ID, kind: 'checkin', step: k })
    expect(verifyToken(SECRET, token, new Date(stepStart(k + 1).getTime() - 1)).ok).toBe(true)
    expect(verifyToken(SECRET, token, stepStart(k + 1)).ok).toBe(true)
    expect(verifyToken(SECRET, token, new Date(stepStart(k + 2).getTime() - 1)).ok).toBe(true)
    expect(verifyToken(SECRET, token, stepStart(k + 2))).toEqual({
      ok: false,
      reason: 'EXPIRED',
      code: 'TOKEN_EXPIRED',
      message: '签到码已过期，请扫描现场最新的二维码',
    })
    expect(verifyToken(SECRET, token, new Date(stepStart(k).getTime() - 1))).toMatchObject({
      ok: false,
      reason: 'NOT_YET_VALID',
      code: 'TOKEN_INVALID',
    })
  })

  it('a token issued at the last ms of a step still lives until the end of the next step', () => {
    const late = issueToken(SECRET, ID, 'checkout', new Date(stepStart(k + 1).getTime() - 1))
    expect(verifyToken(SECRET, late, new Date(stepStart(k + 2).getTime() - 1)).ok).toBe(true)
    expect(verifyToken(SECRET, late, stepStart(k + 2))).toMatchObject({ reason: 'EXPIRED' })
  })

  it('rejects a token signed with another secret, or altered in any part, as forged', () => {
    expect(verifyToken('other-secret', token, stepStart(k))).toMatchObject({ ok: false, reason: 'FORGED', code: 'TOKEN_INVALID' })
    const [head, sig, id] = token.split('.')
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1)
    expect(verifyToken(SECRET, `${head}.${flip(sig, 3)}.${id}`, stepStart(k))).toMatchObject({ reason: 'FORGED' })
    expect(verifyToken(SECRET, `${head}.${sig}.${flip(id, 0)}`, stepStart(k))).toMatchObject({ reason: 'FORGED' })
    // Moving the step forward to stretch its life breaks the signature.
    expect(verifyToken(SECRET, `i${(k + 5).toString(36)}.${sig}.${id}`, stepStart(k + 5))).toMatchObject({ reason: 'FORGED' })
    // A check-in token relabelled as check-out.
    expect(verifyToken(SECRET, `o${head.slice(1)}.${sig}.${id}`, stepStart(k))).toMatchObject({ reason: 'FORGED' })
  })

  it('rejects another activity and the wrong kind with their own reasons', () => {
    expect(verifyToken(SECRET, token, stepStart(k), { activityId: 'other-activity' })).toMatchObject({
      ok: false,
      reason: 'WRONG_ACTIVITY',
      message: '这是其他活动的签到码',
    })
    expect(verifyToken(SECRET, token, stepStart(k), { activityId: ID, kind: 'checkout' })).toMatchObject({
      ok: false,
      reason: 'WRONG_KIND',
      message: '这是签到码：签退请扫描组织者出示的签退码',
    })
    const checkoutToken = issueToken(SECRET, ID, 'checkout', stepStart(k))
    expect(verifyToken(SECRET, checkoutToken, stepStart(k), { activityId: ID, kind: 'checkin' })).toMatchObject({
      reason: 'WRONG_KIND',
      message: '这是签退码：请先扫描组织者出示的签到码',
    })
    expect(verifyToken(SECRET, token, stepStart(k), { activityId: ID, kind: 'checkin' }).ok).toBe(true)
    // Forgery is judged first: a forged token's claims are not believed.
    expect(verifyToken('x', token, stepStart(k + 9), { activityId: 'other' })).toMatchObject({ reason: 'FORGED' })
  })

  it.each([
    undefined,
    42,
    '',
    'hello',
    'https://example.com/x',
    'i1.short.id',
    `x${k.toString(36)}.${'A'.repeat(16)}.${ID}`,
    `i${k}.${'A'.repeat(16)}.`,
    'i'.repeat(300),
  ])('rejects %j as malformed', (bad) => {
    expect(verifyToken(SECRET, bad, stepStart(k))).toMatchObject({ ok: false, reason: 'MALFORMED', code: 'TOKEN_INVALID' })
  })

  it('refuses to work without a secret', () => {
    expect(() => issueToken('', ID, 'checkin', stepStart(k))).toThrow()
  })

  it('the app reads only its kind, from the first letter', () => {
    expect([tokenKindOf(token), tokenKindOf(issueToken(SECRET, ID, 'checkout', stepStart(k))), tokenKindOf('x1.a.b')]).toEqual([
      'checkin',
      'checkout',
      null,
    ])
  })

  it('activity ids with dots survive', () => {
    const t = issueToken(SECRET, 'act.with.dots', 'checkout', stepStart(k))
    expect(verifyToken(SECRET, t, stepStart(k))).toMatchObject({ ok: true, activityId: 'act.with.dots', kind: 'checkout' })
  })
})

describe('rotation timing', () => {
  it('steps are 30 s; the next code is due at the next step start', () => {
    expect(tokenStep(new Date(k * STEP + 29_999))).toBe(k)
    expect(tokenStep(new Date((k + 1) * STEP))).toBe(k + 1)
    expect(nextRotationAt(new Date(k * STEP + 12_345))).toEqual(stepStart(k + 1))
    expect(nextRotationAt(stepStart(k))).toEqual(stepStart(k + 1))
  })
})
