/**
 * A small QR code encoder (ISO/IEC 18004): byte mode, error correction level M, versions 1–10,
 * the mask with the lowest penalty. Enough for check-in tokens (≤ 200 bytes) without a dependency.
 */

/** Error correction level M: [ec codewords per block, blocks in group 1, data cw per block 1, blocks in group 2, data cw per block 2] */
const EC_M: [number, number, number, number, number][] = [
  [10, 1, 16, 0, 0],
  [16, 1, 28, 0, 0],
  [26, 1, 44, 0, 0],
  [18, 2, 32, 0, 0],
  [24, 2, 43, 0, 0],
  [16, 4, 27, 0, 0],
  [18, 4, 31, 0, 0],
  [22, 2, 38, 2, 39],
  [22, 3, 36, 2, 37],
  [26, 4, 43, 1, 44],
]

const ALIGNMENT: number[][] = [[], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34], [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50]]

/** BCH-coded version information, versions 7–10. */
const VERSION_INFO: Record<number, number> = { 7: 0x07c94, 8: 0x085bc, 9: 0x09a99, 10: 0x0a4d3 }

// —— GF(256) arithmetic with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1 ——
const EXP = new Array<number>(512)
const LOG = new Array<number>(256)
{
  let x = 1
  for (let i = 0; i < 255; i++) {
    EXP[i] = x
    LOG[x] = i
    x <<= 1
    if (x & 0x100) x ^= 0x11d
  }
  for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255]
}
const gfMul = (a: number, b: number) => (a === 0 || b === 0 ? 0 : EXP[LOG[a] + LOG[b]])

function generatorPolynomial(degree: number): number[] {
  let poly = [1]
  for (let i = 0; i < degree; i++) {
    const next = new Array<number>(poly.length + 1).fill(0)
    for (let j = 0; j < poly.length; j++) {
      next[j] ^= poly[j]
      next[j + 1] ^= gfMul(poly[j], EXP[i])
    }
    poly = next
  }
  return poly
}

/** Reed–Solomon error correction codewords of one block. */
export function reedSolomon(data: number[], ecLength: number): number[] {
  const generator = generatorPolynomial(ecLength)
  const remainder = [...data, ...new Array<number>(ecLength).fill(0)]
  for (let i = 0; i < data.length; i++) {
    const factor = remainder[i]
    if (factor === 0) continue
    for (let j = 0; j < generator.length; j++) remainder[i + j] ^= gfMul(generator[j], factor)
  }
  return remainder.slice(data.length)
}

function utf8Bytes(text: string): number[] {
  const bytes: number[] = []
  for (const char of text) {
    const code = char.codePointAt(0)!
    if (code < 0x80) bytes.push(code)
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 63))
    else if (code < 0x10000) bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63))
    else bytes.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 63), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63))
  }
  return bytes
}

const dataCapacity = (version: number) => {
  const [, b1, d1, b2, d2] = EC_M[version - 1]
  return b1 * d1 + b2 * d2
}

/** Data codewords: mode, count, bytes, terminator, padding. */
function dataCodewords(bytes: number[], version: number): number[] {
  const bits: number[] = []
  const put = (value: number, length: number) => {
    for (let i = length - 1; i >= 0; i--) bits.push((value >> i) & 1)
  }
  const capacityBits = dataCapacity(version) * 8
  put(0b0100, 4)
  put(bytes.length, version <= 9 ? 8 : 16)
  for (const b of bytes) put(b, 8)
  put(0, Math.min(4, capacityBits - bits.length))
  while (bits.length % 8) bits.push(0)
  const codewords: number[] = []
  for (let i = 0; i < bits.length; i += 8) codewords.push(bits.slice(i, i + 8).reduce((acc, bit) => (acc << 1) | bit, 0))
  for (let pad = 0xec; codewords.length < dataCapacity(version); pad ^= 0xec ^ 0x11) codewords.push(pad)
  return codewords
}

/** Splits into blocks, adds error correction, interleaves. */
function finalCodewords(data: number[], version: number): number[] {
  const [ecLength, b1, d1, b2, d2] = EC_M[version - 1]
  const blocks: number[][] = []
  let offset = 0
  for (const [count, size] of [
    [b1, d1],
    [b2, d2],
  ]) {
    for (let i = 0; i < count; i++) {
      blocks.push(data.slice(offset, offset + size))
      offset += size
    }
  }
  const ec = blocks.map((block) => reedSolomon(block, ecLength))
  const result: number[] = []
  for (let i = 0; i < Math.max(d1, d2); i++) for (const block of blocks) if (i < block.length) result.push(block[i])
  for (let i = 0; i < ecLength; i++) for (const block of ec) result.push(block[i])
  return result
}

type Grid = (boolean | null)[][]

function placePatterns(size: number, version: number): { grid: Grid; reserved: boolean[][] } {
  const grid: Grid = Array.from({ length: size }, () => new Array<boolean | null>(size).fill(null))
  const reserved = Array.from({ length: size }, () => new Array<boolean>(size).fill(false))
  const set = (r: number, c: number, dark: boolean) => {
    grid[r][c] = dark
    reserved[r][c] = true
  }
  const finder = (row: number, col: number) => {
    for (let r = -1; r <= 7; r++)
      for (let c = -1; c <= 7; c++) {
        const rr = row + r
        const cc = col + c
        if (rr < 0 || cc < 0 || rr >= size || cc >= size) continue
        const inRing = r >= 0 && r <= 6 && c >= 0 && c <= 6 && (r === 0 || r === 6 || c === 0 || c === 6)
        const inCore = r >= 2 && r <= 4 && c >= 2 && c <= 4
        set(rr, cc, inRing || inCore)
      }
  }
  finder(0, 0)
  finder(0, size - 7)
  finder(size - 7, 0)
  for (let i = 8; i < size - 8; i++) {
    set(6, i, i % 2 === 0)
    set(i, 6, i % 2 === 0)
  }
  const centers = ALIGNMENT[version - 1]
  const last = centers.length - 1
  for (const [i, r] of centers.entries())
    for (const [j, c] of centers.entries()) {
      // The three corners hold finder patterns.
      if ((i === 0 && j === 0) || (i === 0 && j === last) || (i === last && j === 0)) continue
      for (let dr = -2; dr <= 2; dr++) for (let dc = -2; dc <= 2; dc++) set(r + dr, c + dc, Math.max(Math.abs(dr), Math.abs(dc)) !== 1)
    }
  // Format information areas (filled per mask) and the dark module.
  for (let i = 0; i < 9; i++) {
    reserved[8][i] = reserved[i][8] = true
  }
  for (let i = 0; i < 8; i++) {
    reserved[8][size - 1 - i] = reserved[size - 1 - i][8] = true
  }
  set(size - 8, 8, true)
  if (version >= 7) {
    const info = VERSION_INFO[version]
    for (let i = 0; i < 18; i++) {
      const dark = ((info >> i) & 1) === 1
      const a = Math.floor(i / 3)
      const b = (i % 3) + size - 11
      set(a, b, dark)
      set(b, a, dark)
    }
  }
  return { grid, reserved }
}

function placeData(grid: Grid, reserved: boolean[][], codewords: number[]): void {
  const size = grid.length
  let bitIndex = 0
  const totalBits = codewords.length * 8
  let upward = true
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5
    for (let step = 0; step < size; step++) {
      const row = upward ? size - 1 - step : step
      for (const col of [right, right - 1]) {
        if (reserved[row][col]) continue
        const bit = bitIndex < totalBits ? (codewords[bitIndex >> 3] >> (7 - (bitIndex & 7))) & 1 : 0
        grid[row][col] = bit === 1
        bitIndex++
      }
    }
    upward = !upward
  }
}

const MASKS: ((r: number, c: number) => boolean)[] = [
  (r, c) => (r + c) % 2 === 0,
  (r) => r % 2 === 0,
  (_r, c) => c % 3 === 0,
  (r, c) => (r + c) % 3 === 0,
  (r, c) => (Math.floor(r / 2) + Math.floor(c / 3)) % 2 === 0,
  (r, c) => ((r * c) % 2) + ((r * c) % 3) === 0,
  (r, c) => (((r * c) % 2) + ((r * c) % 3)) % 2 === 0,
  (r, c) => (((r + c) % 2) + ((r * c) % 3)) % 2 === 0,
]

/** 15-bit format information for level M (bits 01) and a mask, BCH-coded and XOR-masked. */
export function formatBits(mask: number): number {
  const data = (0b00 << 3) | mask
  let rem = data << 10
  for (let i = 14; i >= 10; i--) if ((rem >> i) & 1) rem ^= 0x537 << (i - 10)
  return ((data << 10) | rem) ^ 0x5412
}

function placeFormat(matrix: boolean[][], mask: number): void {
  const size = matrix.length
  const bits = formatBits(mask)
  const put = (row: number, col: number, i: number) => {
    matrix[row][col] = ((bits >> i) & 1) === 1
  }
  // First copy around the top-left finder, second split under the top-right and beside the bottom-left.
  for (let i = 0; i <= 5; i++) put(i, 8, i)
  put(7, 8, 6)
  put(8, 8, 7)
  put(8, 7, 8)
  for (let i = 9; i < 15; i++) put(8, 14 - i, i)
  for (let i = 0; i < 8; i++) put(8, size - 1 - i, i)
  for (let i = 8; i < 15; i++) put(size - 15 + i, 8, i)
}

function penalty(m: boolean[][]): number {
  const size = m.length
  let score = 0
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < size; i++) {
      let run = 1
      for (let j = 1; j < size; j++) {
        const same = pass === 0 ? m[i][j] === m[i][j - 1] : m[j][i] === m[j - 1][i]
        if (same) run++
        else {
          if (run >= 5) score += run - 2
          run = 1
        }
      }
      if (run >= 5) score += run - 2
    }
  }
  for (let r = 0; r < size - 1; r++)
    for (let c = 0; c < size - 1; c++) if (m[r][c] === m[r][c + 1] && m[r][c] === m[r + 1][c] && m[r][c] === m[r + 1][c + 1]) score += 3
  const pattern = [true, false, true, true, true, false, true, false, false, false, false]
  const reversed = [...pattern].reverse()
  for (let i = 0; i < size; i++)
    for (let j = 0; j <= size - 11; j++)
      for (const p of [pattern, reversed]) {
        if (p.every((v, k) => m[i][j + k] === v)) score += 40
        if (p.every((v, k) => m[j + k][i] === v)) score += 40
      }
  const dark = m.flat().filter(Boolean).length
  score += Math.floor(Math.abs((dark * 100) / (size * size) - 50) / 5) * 10
  return score
}

/** The module matrix (true = dark) of `text`; throws when it does not fit version 10-M. */
export function encodeQr(text: string): boolean[][] {
  const bytes = utf8Bytes(text)
  let version = 1
  // 4 mode bits + count bits must fit as well as the bytes.
  while (version <= 10 && 4 + (version <= 9 ? 8 : 16) + bytes.length * 8 > dataCapacity(version) * 8) version++
  if (version > 10) throw new RangeError('二维码内容过长')
  const size = 17 + 4 * version
  const { grid, reserved } = placePatterns(size, version)
  placeData(grid, reserved, finalCodewords(dataCodewords(bytes, version), version))
  let best: boolean[][] | null = null
  let bestScore = Infinity
  for (let mask = 0; mask < 8; mask++) {
    const matrix = grid.map((row, r) => row.map((dark, c) => (reserved[r][c] ? Boolean(dark) : Boolean(dark) !== MASKS[mask](r, c))))
    placeFormat(matrix, mask)
    const score = penalty(matrix)
    if (score < bestScore) {
      bestScore = score
      best = matrix
    }
  }
  return best!
}
