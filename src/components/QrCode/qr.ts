/**
 * The QR code's modules, from `qrcode-generator` (byte mode, UTF-8, error correction level M, the
 * mask with the lowest penalty). Capped at version 10 (57 × 57 modules): a denser code is hard to
 * scan off a phone screen, and every text we show (check-in links, card codes) fits well below it.
 */
import qrcode from 'qrcode-generator'

const MAX_VERSION = 10

// The library reads strings as Latin-1 unless told; its README's way to encode UTF-8.
qrcode.stringToBytes = qrcode.stringToBytesFuncs['UTF-8']

/** The module matrix (true = dark) of `text`; throws when it does not fit version 10-M. */
export function encodeQr(text: string): boolean[][] {
  const qr = qrcode(0, 'M')
  qr.addData(text, 'Byte')
  try {
    qr.make()
  } catch {
    throw new RangeError('二维码内容过长')
  }
  const size = qr.getModuleCount()
  if (size > 17 + 4 * MAX_VERSION) throw new RangeError('二维码内容过长')
  return Array.from({ length: size }, (_row, row) => Array.from({ length: size }, (_column, column) => qr.isDark(row, column)))
}
