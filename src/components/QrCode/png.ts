/**
 * A QR matrix as a PNG data URL: 1-bit grayscale, zlib "stored" blocks (no compression needed for a
 * few KB), so an <Image> shows it on every platform without a canvas.
 */

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(bytes: number[]): number {
  let crc = 0xffffffff
  for (const b of bytes) crc = CRC_TABLE[(crc ^ b) & 0xff] ^ (crc >>> 8)
  return (crc ^ 0xffffffff) >>> 0
}

const u32 = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]

function chunk(type: string, data: number[]): number[] {
  const body = [...Array.from(type, (c) => c.charCodeAt(0)), ...data]
  return [...u32(data.length), ...body, ...u32(crc32(body))]
}

function zlibStored(data: number[]): number[] {
  const out = [0x78, 0x01]
  const MAX = 65535
  for (let offset = 0; offset === 0 || offset < data.length; offset += MAX) {
    const block = data.slice(offset, offset + MAX)
    const last = offset + MAX >= data.length ? 1 : 0
    out.push(last, block.length & 0xff, block.length >> 8, ~block.length & 0xff, (~block.length >> 8) & 0xff, ...block)
  }
  let a = 1
  let b = 0
  for (const byte of data) {
    a = (a + byte) % 65521
    b = (b + a) % 65521
  }
  return [...out, ...u32(((b << 16) | a) >>> 0)]
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

export function base64(bytes: number[]): string {
  let text = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const [x, y, z] = [bytes[i], bytes[i + 1], bytes[i + 2]]
    const n = (x << 16) | ((y ?? 0) << 8) | (z ?? 0)
    text += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + (y === undefined ? '=' : B64[(n >> 6) & 63]) + (z === undefined ? '=' : B64[n & 63])
  }
  return text
}

/** `scale` pixels per module and a `quiet` zone of 4 modules (the standard's minimum) around it. */
export function qrPngDataUrl(matrix: boolean[][], scale = 8, quiet = 4): string {
  const modules = matrix.length + 2 * quiet
  const width = modules * scale
  const rowBytes = Math.ceil(width / 8)
  const raw: number[] = []
  for (let y = 0; y < width; y++) {
    const row = new Array<number>(rowBytes).fill(0)
    const my = Math.floor(y / scale) - quiet
    for (let x = 0; x < width; x++) {
      const mx = Math.floor(x / scale) - quiet
      const dark = my >= 0 && mx >= 0 && my < matrix.length && mx < matrix.length && matrix[my][mx]
      // Grayscale 1-bit: 1 = white.
      if (!dark) row[x >> 3] |= 0x80 >> (x & 7)
    }
    raw.push(0, ...row)
  }
  const header = [...u32(width), ...u32(width), 1, 0, 0, 0, 0]
  const png = [
    0x89,
    0x50,
    0x4e,
    0x47,
    0x0d,
    0x0a,
    0x1a,
    0x0a,
    ...chunk('IHDR', header),
    ...chunk('IDAT', zlibStored(raw)),
    ...chunk('IEND', []),
  ]
  return `data:image/png;base64,${base64(png)}`
}
