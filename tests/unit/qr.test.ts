import { encodeQr } from '../../src/components/QrCode/qr'
import { base64, qrPngDataUrl } from '../../src/components/QrCode/png'
import { issueToken } from '../../functions/activity/checkinToken'
import { issueCardCode } from '../../functions/activity/volunteerCard'
import { readQr } from '../support/qr'

/** What a phone camera reads off the image the app shows. */
const scan = (text: string, scale?: number) => readQr(Buffer.from(qrPngDataUrl(encodeQr(text), scale).split(',')[1], 'base64'))

describe('the QR code the app draws decodes (jsQR) to exactly its text', () => {
  const now = new Date('2027-03-01T02:00:00Z')
  const token = issueToken('a-check-in-secret-of-32-characters', '6a1f0c2b9d8e7f6a5b4c3d2e1f0a9b8c', 'checkin', now)
  const texts: [string, string][] = [
    ['one character', '7'],
    ['a short word', 'hello'],
    ['a full check-in link', `https://union.example.cn/checkin?t=${token}`],
    ['a bare check-in token', token],
    ['a volunteer card code', issueCardCode('a-check-in-secret-of-32-characters', 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', now).code],
    ['Chinese text (UTF-8)', '职工书柜 1 号柜 · 第 3 门'],
    ['100 characters', 'abcdefghij'.repeat(10)],
    ['the longest that fits (213 bytes, version 10)', `https://union.example.cn/?q=${'x'.repeat(185)}`],
  ]

  test.each(texts)('%s', (_, text) => {
    expect(scan(text)).toBe(text)
  })

  test('also at the small scale of a dense code', () => {
    expect(scan(`https://union.example.cn/checkin?t=${token}`, 4)).toBe(`https://union.example.cn/checkin?t=${token}`)
  })
})

test('check-in codes stay small symbols: a bare token version 4–5, a full link version 6', () => {
  const token = 'i1pv3xk2.AbCdEfGhIjKlMnOp.6a1f0c2b9d8e7f6a5b4c3d2e1f0a9b8c'
  expect([33, 37]).toContain(encodeQr(token).length)
  expect(encodeQr(`https://union.example.cn/checkin?t=${token}`)).toHaveLength(41)
})

test('too long a text is refused', () => {
  expect(() => encodeQr('x'.repeat(214))).toThrow('二维码内容过长')
  expect(() => encodeQr('x'.repeat(3000))).toThrow('二维码内容过长')
})

test('the PNG is a valid 1-bit image with the quiet zone', () => {
  expect(base64([0x4d, 0x61, 0x6e])).toBe('TWFu')
  expect(base64([0x4d, 0x61])).toBe('TWE=')
  const url = qrPngDataUrl(encodeQr('hello'), 2)
  const bytes = Buffer.from(url.replace('data:image/png;base64,', ''), 'base64')
  expect(bytes.subarray(1, 4).toString()).toBe('PNG')
  expect(bytes.readUInt32BE(16)).toBe((21 + 8) * 2)
})
