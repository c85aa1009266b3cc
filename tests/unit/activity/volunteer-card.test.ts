/** The 志愿者证's number and signed code, as computed with node:crypto in the functions. */
import { createHmac } from 'crypto'
import { CARD_CODE_TTL_MS, issueCardCode, verifyCardCode, volunteerNumber } from '../../../functions/activity/volunteerCard'

const SECRET = 's3cret'
const NOW = new Date('2027-03-01T02:00:00Z')

test('the number is stable: the same OPENIDs keep the numbers printed before the move to node:crypto', () => {
  expect(volunteerNumber('local-volunteer-1')).toBe('V01140842')
  expect(volunteerNumber('oUpF8uMuAJO_M2pxb1Q9zNjWeS6o')).toBe('V60979421')
})

test('the code is the documented HMAC: vc1.<expiry base36>.<first 12 HMAC bytes>.<openid>', () => {
  const { code, expiresAt } = issueCardCode(SECRET, 'local-volunteer-1', NOW)
  const expiry = NOW.getTime() + CARD_CODE_TTL_MS
  const mac = createHmac('sha256', SECRET).update(`vc1|local-volunteer-1|${expiry}`).digest().subarray(0, 12).toString('base64url')
  expect(code).toBe(`vc1.${expiry.toString(36)}.${mac}.local-volunteer-1`)
  expect(code).toBe('vc1.n0onnppc.qH7_59odONZbxs0n.local-volunteer-1')
  expect(expiresAt).toEqual(new Date(expiry))
})

test('verifies until it expires; another secret, an altered openid or a non-ASCII signature is refused', () => {
  const { code } = issueCardCode(SECRET, 'local-volunteer-1', NOW)
  expect(verifyCardCode(SECRET, code, new Date(NOW.getTime() + CARD_CODE_TTL_MS))).toEqual({ ok: true, openid: 'local-volunteer-1' })
  expect(verifyCardCode(SECRET, code, new Date(NOW.getTime() + CARD_CODE_TTL_MS + 1))).toMatchObject({ ok: false, code: 'TOKEN_EXPIRED' })
  expect(verifyCardCode('other', code, NOW)).toMatchObject({ ok: false, code: 'TOKEN_INVALID' })
  expect(verifyCardCode(SECRET, code.replace('volunteer-1', 'volunteer-2'), NOW)).toMatchObject({ ok: false, code: 'TOKEN_INVALID' })
  const [prefix, expiry, , openid] = code.split('.')
  expect(verifyCardCode(SECRET, [prefix, expiry, '签'.repeat(16), openid].join('.'), NOW)).toMatchObject({
    ok: false,
    code: 'TOKEN_INVALID',
  })
})
