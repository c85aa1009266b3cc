import { createHash, createHmac } from 'crypto'
import { base64url, hmacSha256, hmacSha256Hex, sha256Hex, timingSafeEqual, toHex, utf8 } from '../../domain/crypto/sha256'

const bytes = (hex: string) => Uint8Array.from(hex.match(/../g)!.map((h) => parseInt(h, 16)))
const repeat = (byte: number, n: number) => new Uint8Array(n).fill(byte)

describe('SHA-256 (FIPS 180-2 examples)', () => {
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
  ])('sha256(%j)', (input, digest) => {
    expect(sha256Hex(input)).toBe(digest)
  })

  it('one million "a"', () => {
    expect(sha256Hex('a'.repeat(1_000_000))).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0')
  })

  it('matches Node for every length around the padding boundaries and for non-ASCII text', () => {
    for (let n = 0; n <= 130; n++) {
      const input = Uint8Array.from({ length: n }, (_, i) => (i * 31 + n) & 255)
      expect(sha256Hex(input)).toBe(createHash('sha256').update(input).digest('hex'))
    }
    for (const text of ['职工服务', '欧阳娜娜·𠀀', 'emoji 😀 and \u00e9']) {
      expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'))
    }
  })
})

describe('UTF-8', () => {
  it('encodes like Node, lone surrogates as U+FFFD', () => {
    for (const text of ['a', 'é', '中', '😀', '\ud800', 'x\udc00y'])
      expect(Array.from(utf8(text))).toEqual(Array.from(Buffer.from(text, 'utf8')))
  })
})

describe('HMAC-SHA256 (RFC 4231 test cases)', () => {
  const cases: Array<[string, Uint8Array, Uint8Array, string]> = [
    ['1', repeat(0x0b, 20), utf8('Hi There'), 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7'],
    ['2', utf8('Jefe'), utf8('what do ya want for nothing?'), '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843'],
    ['3', repeat(0xaa, 20), repeat(0xdd, 50), '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe'],
    [
      '4',
      bytes('0102030405060708090a0b0c0d0e0f10111213141516171819'),
      repeat(0xcd, 50),
      '82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b',
    ],
    [
      '6',
      repeat(0xaa, 131),
      utf8('Test Using Larger Than Block-Size Key - Hash Key First'),
      '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
    ],
    [
      '7',
      repeat(0xaa, 131),
      utf8(
        'This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.',
      ),
      '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
    ],
  ]
  it.each(cases)('test case %s', (_, key, data, mac) => {
    expect(toHex(hmacSha256(key, data))).toBe(mac)
  })

  it('test case 5 (truncated to 128 bits)', () => {
    expect(toHex(hmacSha256(repeat(0x0c, 20), 'Test With Truncation').subarray(0, 16))).toBe('a3b6167473100ee06e0c796c2955552b')
  })

  it('keys of exactly and around one block match Node', () => {
    for (const n of [0, 1, 63, 64, 65, 200]) {
      const key = repeat(0x5a, n)
      expect(hmacSha256Hex(key, '1700000000000\n{"type":"heartbeat"}')).toBe(
        createHmac('sha256', key).update('1700000000000\n{"type":"heartbeat"}').digest('hex'),
      )
    }
  })
})

describe('encoding helpers', () => {
  it('base64url without padding agrees with Node', () => {
    for (let n = 0; n <= 20; n++) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 97 + 251) & 255)
      expect(base64url(b)).toBe(Buffer.from(b).toString('base64url'))
    }
  })

  it('timingSafeEqual compares whole strings', () => {
    expect(timingSafeEqual('abc', 'abc')).toBe(true)
    expect(timingSafeEqual('abc', 'abd')).toBe(false)
    expect(timingSafeEqual('abc', 'abcd')).toBe(false)
    expect(timingSafeEqual('', '')).toBe(true)
  })
})
