/** Reads a QR code from PNG bytes, as a phone camera would: decodes the PNG (node's zlib), then jsQR. */
import { inflateSync } from 'zlib'
import jsQR from 'jsqr'

/** 8-bit greyscale or RGB(A), or 1-bit greyscale PNG, non-interlaced, with any of the five row filters. */
function decodePng(png: Buffer): { width: number; height: number; rgba: Uint8ClampedArray } {
  if (png.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG')
  let offset = 8
  let width = 0
  let height = 0
  let colorType = 0
  let bitDepth = 8
  const idat: Buffer[] = []
  while (offset < png.length) {
    const length = png.readUInt32BE(offset)
    const type = png.toString('ascii', offset + 4, offset + 8)
    const data = png.subarray(offset + 8, offset + 8 + length)
    if (type === 'IHDR') {
      width = data.readUInt32BE(0)
      height = data.readUInt32BE(4)
      bitDepth = data[8]
      colorType = data[9]
      if ((bitDepth !== 8 && !(bitDepth === 1 && colorType === 0)) || data[12] !== 0) throw new Error('unsupported PNG layout')
    } else if (type === 'IDAT') idat.push(data)
    offset += 12 + length
  }
  const channels = { 0: 1, 2: 3, 4: 2, 6: 4 }[colorType]
  if (!channels) throw new Error(`unsupported PNG colour type ${colorType}`)
  const raw = inflateSync(Buffer.concat(idat))
  // Filters work on bytes; a 1-bit row is ceil(width / 8) bytes and "the pixel to the left" is the byte before.
  const stride = bitDepth === 1 ? Math.ceil(width / 8) : width * channels
  const step = bitDepth === 1 ? 1 : channels
  const pixels = Buffer.alloc(stride * height)
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x]
      const left = x >= step ? pixels[y * stride + x - step] : 0
      const up = y > 0 ? pixels[(y - 1) * stride + x] : 0
      const upLeft = x >= step && y > 0 ? pixels[(y - 1) * stride + x - step] : 0
      const p = left + up - upLeft
      const paeth =
        Math.abs(p - left) <= Math.abs(p - up) && Math.abs(p - left) <= Math.abs(p - upLeft)
          ? left
          : Math.abs(p - up) <= Math.abs(p - upLeft)
            ? up
            : upLeft
      const predictor = [0, left, up, (left + up) >> 1, paeth][filter]
      pixels[y * stride + x] = (value + predictor) & 0xff
    }
  }
  const rgba = new Uint8ClampedArray(width * height * 4)
  if (bitDepth === 1) {
    for (let i = 0; i < width * height; i++) {
      const [y, x] = [Math.floor(i / width), i % width]
      const value = (pixels[y * stride + (x >> 3)] >> (7 - (x & 7))) & 1 ? 255 : 0
      rgba.set([value, value, value, 255], i * 4)
    }
    return { width, height, rgba }
  }
  for (let i = 0; i < width * height; i++) {
    const grey = channels <= 2
    rgba[i * 4] = pixels[i * channels]
    rgba[i * 4 + 1] = grey ? pixels[i * channels] : pixels[i * channels + 1]
    rgba[i * 4 + 2] = grey ? pixels[i * channels] : pixels[i * channels + 2]
    rgba[i * 4 + 3] = 255
  }
  return { width, height, rgba }
}

/** The text of the QR code in a PNG, or null when none is found. */
export function readQr(png: Buffer): string | null {
  const { width, height, rgba } = decodePng(png)
  return jsQR(rgba, width, height)?.data ?? null
}
