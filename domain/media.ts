/**
 * Pictures people upload: activity covers (organizers) and counselor photos (counselors). One rule for
 * the app (before uploading), the functions (before storing a fileID) and the local cloud's storage.
 */

export const MEDIA_KINDS = ['covers', 'photos'] as const
export type MediaKind = (typeof MEDIA_KINDS)[number]

/** After compression a phone photo is a few hundred KB; 2 MB refuses originals that were not compressed. */
export const MAX_IMAGE_BYTES = 2 * 1024 * 1024

export const IMAGE_TOO_LARGE = `图片超过 ${MAX_IMAGE_BYTES / 1024 / 1024} MB，请换一张或裁小后再试`

export type ImageType = 'jpg' | 'png' | 'webp'

/** `covers/<random>.jpg`: a flat name the uploader chose at random (nobody can guess another's). */
export const MEDIA_PATH = /^(covers|photos)\/([A-Za-z0-9_-]{12,64})\.(jpg|png|webp)$/

/** What the file's first bytes say it is (the name's extension is the uploader's word only). */
export function imageTypeOf(bytes: Uint8Array): ImageType | null {
  const starts = (...signature: number[]) => signature.every((byte, i) => bytes[i] === byte)
  if (starts(0xff, 0xd8, 0xff)) return 'jpg'
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png'
  // RIFF....WEBP
  if (starts(0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50) return 'webp'
  return null
}

/** Why these bytes cannot be a cover or photo; null when they can. */
export function imageProblem(bytes: Uint8Array, extension: string): string | null {
  if (bytes.length > MAX_IMAGE_BYTES) return IMAGE_TOO_LARGE
  const type = imageTypeOf(bytes)
  if (!type) return '只能上传 JPG、PNG 或 WebP 图片'
  if (type !== extension.replace('jpeg', 'jpg')) return '图片格式与文件名不符，请重新选择'
  return null
}

/** The cloudPath inside a fileID (`cloud://<env>.<bucket>/<cloudPath>`), or null. */
export function mediaPathOf(fileID: string): { kind: MediaKind; name: string; extension: ImageType; path: string } | null {
  const match = /^cloud:\/\/[^/]+\/(.+)$/.exec(fileID)
  const path = match?.[1]
  const parts = path ? MEDIA_PATH.exec(path) : null
  if (!parts || !path) return null
  return { kind: parts[1] as MediaKind, name: parts[2], extension: parts[3] as ImageType, path }
}
