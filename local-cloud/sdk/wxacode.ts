/**
 * `cloud.openapi.wxacode.getUnlimited`, local. WeChat draws a round mini-program code that only WeChat
 * can read; locally the answer is a plain QR code (PNG) of `<page>?scene=<encodeURIComponent(scene)>`, so
 * a test or a phone camera can decode it and open the page it names with the scene, as WeChat would.
 *
 * Refusals follow the documentation
 * (https://developers.weixin.qq.com/miniprogram/dev/server/API/qrcode-link/qr-code/api_getunlimitedqrcode.html):
 * `scene` at most 32 visible characters from digits, letters and !#$&'()*+,/:;=?@-._~ (40169 otherwise);
 * `page` without a leading slash or parameters, and — with `checkPath` (default true) — a page of the app
 * (41030 otherwise); `width` 280–1280 (default 430). The cloud call answers
 * `{ errCode: 0, errMsg, contentType, buffer }`.
 */
import { deflateSync } from 'zlib'
import qrcode from 'qrcode-generator'
import { sdkError } from './wx'

const API = 'openapi.wxacode.getUnlimited'
const SCENE = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/
const QUIET_MODULES = 4

export interface UnlimitedRequest {
  scene?: unknown
  page?: unknown
  checkPath?: unknown
  width?: unknown
  envVersion?: unknown
}

export interface UnlimitedAnswer {
  errCode: 0
  errMsg: string
  contentType: 'image/png'
  buffer: Buffer
}

/** The text the local code carries: what WeChat would open, page and scene. */
export function wxacodeText(page: string, scene: string): string {
  return `${page}?scene=${encodeURIComponent(scene)}`
}

export function localUnlimitedCode(request: UnlimitedRequest, appPages: () => string[], defaultPage: string): UnlimitedAnswer {
  const { scene, page = defaultPage, checkPath = true, width = 430 } = request ?? {}
  if (typeof scene !== 'string' || !SCENE.test(scene))
    throw sdkError(API, 40169, 'invalid length for scene, or the data is not json string')
  if (typeof page !== 'string' || page.startsWith('/') || page.includes('?')) throw sdkError(API, 41030, 'invalid page')
  if (checkPath !== false && !appPages().includes(page)) throw sdkError(API, 41030, 'invalid page')
  if (typeof width !== 'number' || !Number.isFinite(width) || width < 280 || width > 1280) throw sdkError(API, 40097, 'invalid args')
  return { errCode: 0, errMsg: `${API}:ok`, contentType: 'image/png', buffer: qrPng(wxacodeText(page, scene), Math.round(width)) }
}

/** A black-on-white PNG (8-bit greyscale) of `text` as a QR code, `width` pixels square or a little less. */
export function qrPng(text: string, width: number): Buffer {
  const qr = qrcode(0, 'M')
  qr.addData(text, 'Byte')
  qr.make()
  const modules = qr.getModuleCount()
  const scale = Math.max(1, Math.floor(width / (modules + 2 * QUIET_MODULES)))
  const side = (modules + 2 * QUIET_MODULES) * scale
  const rows = Buffer.alloc((side + 1) * side, 0xff)
  for (let y = 0; y < side; y++) {
    rows[y * (side + 1)] = 0 // filter: none
    const row = Math.floor(y / scale) - QUIET_MODULES
    for (let x = 0; x < side; x++) {
      const column = Math.floor(x / scale) - QUIET_MODULES
      const dark = row >= 0 && row < modules && column >= 0 && column < modules && qr.isDark(row, column)
      if (dark) rows[y * (side + 1) + 1 + x] = 0
    }
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(side, 0)
  header.writeUInt32BE(side, 4)
  header.set([8, 0, 0, 0, 0], 8) // bit depth 8, greyscale, deflate, adaptive filtering, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(bytes: Buffer): number {
  let c = 0xffffffff
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}
