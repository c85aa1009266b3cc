import { encodeQr, formatBits, reedSolomon } from '../../src/components/QrCode/qr'
import { base64, qrPngDataUrl } from '../../src/components/QrCode/png'

test('Reed–Solomon codewords match the standard worked example (1-M "HELLO WORLD")', () => {
  const data = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17]
  expect(reedSolomon(data, 10)).toEqual([196, 35, 39, 119, 235, 215, 231, 226, 93, 23])
})

test('format information for level M matches the standard table', () => {
  expect(formatBits(0).toString(2).padStart(15, '0')).toBe('101010000010010')
  expect(formatBits(5).toString(2).padStart(15, '0')).toBe('100000011001110')
})

test('a check-in token becomes a version 4–5 symbol with finder and timing patterns in place', () => {
  const token = 'i1pv3xk2.AbCdEfGhIjKlMnOp.a0123456789abcdef012345'
  const m = encodeQr(token)
  expect([33, 37]).toContain(m.length)
  const size = m.length
  for (const [r0, c0] of [
    [0, 0],
    [0, size - 7],
    [size - 7, 0],
  ]) {
    // Finder: dark ring, light ring, dark 3×3 core.
    expect([0, 1, 2, 3, 4, 5, 6].map((i) => m[r0][c0 + i])).toEqual([true, true, true, true, true, true, true])
    expect([0, 1, 2, 3, 4, 5, 6].map((i) => m[r0 + 1][c0 + i])).toEqual([true, false, false, false, false, false, true])
    expect(m[r0 + 3][c0 + 3]).toBe(true)
  }
  for (let i = 8; i < size - 8; i++) expect([m[6][i], m[i][6]]).toEqual([i % 2 === 0, i % 2 === 0])
  expect(m[size - 8][8]).toBe(true)
  // Both copies of the format information agree and name level M with one of the eight masks.
  const read = (cells: [number, number][]) => cells.reduce((bits, [r, c], i) => bits | (Number(m[r][c]) << i), 0)
  const first = read([
    ...[0, 1, 2, 3, 4, 5].map((i): [number, number] => [i, 8]),
    [7, 8],
    [8, 8],
    [8, 7],
    ...[9, 10, 11, 12, 13, 14].map((i): [number, number] => [8, 14 - i]),
  ])
  const second = read([
    ...[0, 1, 2, 3, 4, 5, 6, 7].map((i): [number, number] => [8, size - 1 - i]),
    ...[8, 9, 10, 11, 12, 13, 14].map((i): [number, number] => [size - 15 + i, 8]),
  ])
  expect(first).toBe(second)
  expect([0, 1, 2, 3, 4, 5, 6, 7].map(formatBits)).toContain(first)
})

test('too long a text is refused', () => {
  expect(() => encodeQr('x'.repeat(300))).toThrow('二维码内容过长')
})

test('the PNG is a valid 1-bit image with the quiet zone', () => {
  expect(base64([0x4d, 0x61, 0x6e])).toBe('TWFu')
  expect(base64([0x4d, 0x61])).toBe('TWE=')
  const url = qrPngDataUrl(encodeQr('hello'), 2)
  const bytes = Buffer.from(url.replace('data:image/png;base64,', ''), 'base64')
  expect(bytes.subarray(1, 4).toString()).toBe('PNG')
  expect(bytes.readUInt32BE(16)).toBe((21 + 8) * 2)
})
