/**
 * Files in and out of the cloud: a spreadsheet chosen on the phone or PC (weapp: a file from a chat via
 * chooseMessageFile; H5: a file input) uploaded to cloud storage for a function to read, and exported
 * files (temporary links) opened where staff can print or save them.
 */
import Taro from '@tarojs/taro'
import { IMAGE_TOO_LARGE, MAX_IMAGE_BYTES, type ImageType, type MediaKind } from '@domain/media'
import { CloudError } from './cloud'
import { currentPersona } from './persona'

/** An exported or generated file: a temporary link (minutes) to a path nobody can guess. */
export interface SavedFile {
  fileID: string
  url: string
  fileName: string
  expiresAt: number
}

export type ExportFormat = 'xlsx' | 'csv'

export interface ChosenFile {
  name: string
  size: number
  /** weapp: the temporary path */
  path?: string
  /** H5: the File */
  file?: File
}

const SPREADSHEET = /\.(xlsx|csv)$/i
const MAX_BYTES = 5 * 1024 * 1024

function pickInBrowser(accept: string): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input')
    input.type = 'file'
    input.accept = accept
    input.className = 'file-picker'
    input.style.display = 'none'
    input.onchange = () => {
      resolve(input.files?.[0] ?? null)
      input.remove()
    }
    document.body.appendChild(input)
    input.click()
  })
}

/** An XLSX or CSV file the person picks; null when they cancel. */
export async function chooseSpreadsheet(): Promise<ChosenFile | null> {
  let chosen: ChosenFile | null
  if (process.env.TARO_ENV === 'weapp') {
    try {
      const { tempFiles } = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx', 'csv'] })
      chosen = tempFiles[0] ? { name: tempFiles[0].name, size: tempFiles[0].size, path: tempFiles[0].path } : null
    } catch {
      return null
    }
  } else {
    const file = await pickInBrowser('.xlsx,.csv')
    chosen = file ? { name: file.name, size: file.size, file } : null
  }
  if (!chosen) return null
  if (!SPREADSHEET.test(chosen.name)) throw new CloudError('INVALID_ARGUMENT', '请选择 .xlsx 或 .csv 格式的表格')
  if (chosen.size > MAX_BYTES) throw new CloudError('INVALID_ARGUMENT', '文件超过 5 MB，请分批导入')
  return chosen
}

const randomPart = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`

/** Stores the bytes at `cloudPath` as the caller (weapp: the cloud storage; H5: the local cloud's) and answers the fileID. */
async function uploadToCloud(cloudPath: string, source: { path?: string; file?: Blob }): Promise<string> {
  try {
    if (process.env.TARO_ENV === 'weapp') {
      const { fileID } = await Taro.cloud.uploadFile({ cloudPath, filePath: source.path! })
      return fileID
    }
    // H5 runs against the local cloud, whose storage takes the bytes at the same cloudPath.
    const response = await fetch(`${LOCAL_CLOUD_URL}/__local/storage/${cloudPath}`, {
      method: 'POST',
      headers: { 'X-Openid': currentPersona(), 'content-type': 'application/octet-stream' },
      body: source.file,
    })
    const body = (await response.json()) as { fileID?: string; message?: string }
    if (!response.ok || !body.fileID) throw new CloudError('INVALID_ARGUMENT', body.message ?? '上传失败')
    return body.fileID
  } catch (error) {
    if (error instanceof CloudError) throw error
    throw new CloudError('NETWORK', '上传失败，请检查网络后重试')
  }
}

/** Uploads to `imports/<random>/<upload.ext>` and answers the fileID a function reads it by. */
export async function uploadForImport(chosen: ChosenFile): Promise<string> {
  const extension = chosen.name.slice(chosen.name.lastIndexOf('.')).toLowerCase()
  return uploadToCloud(`imports/${randomPart()}/upload${extension}`, chosen)
}

/** A picture ready to upload: compressed, within the size cap; `preview` shows it before the upload ends. */
export interface ChosenImage {
  preview: string
  size: number
  extension: ImageType
  /** weapp: the temporary path */
  path?: string
  /** H5: the compressed bytes */
  file?: Blob
}

/** Covers are shown at most about 750 px wide (2× a phone's width); more pixels only cost bytes. */
const IMAGE_MAX_SIDE = 1280
const IMAGE_QUALITY = 0.8

async function compressInBrowser(file: File): Promise<Blob> {
  const url = URL.createObjectURL(file)
  try {
    const image = new window.Image()
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve()
      image.onerror = () => reject(new CloudError('INVALID_ARGUMENT', '无法读取这张图片，请换一张'))
      image.src = url
    })
    const scale = Math.min(1, IMAGE_MAX_SIDE / Math.max(image.naturalWidth, image.naturalHeight))
    const canvas = document.createElement('canvas')
    canvas.width = Math.max(1, Math.round(image.naturalWidth * scale))
    canvas.height = Math.max(1, Math.round(image.naturalHeight * scale))
    const context = canvas.getContext('2d')!
    // JPEG has no transparency: a transparent PNG's background turns white, not black.
    context.fillStyle = '#ffffff'
    context.fillRect(0, 0, canvas.width, canvas.height)
    context.drawImage(image, 0, 0, canvas.width, canvas.height)
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', IMAGE_QUALITY))
    if (!blob) throw new CloudError('INVALID_ARGUMENT', '无法读取这张图片，请换一张')
    return blob
  } finally {
    URL.revokeObjectURL(url)
  }
}

function fileSize(filePath: string): Promise<number> {
  return new Promise((resolve, reject) =>
    Taro.getFileSystemManager().getFileInfo({ filePath, success: (info) => resolve(info.size), fail: reject }),
  )
}

/**
 * chooseMedia's "compressed" keeps the full size of large photos; compressImage also scales them down
 * (as JPEG). Where it fails (older WeChat, an odd format) the chooseMedia copy is used as it is.
 */
async function compressOnPhone(original: string): Promise<ChosenImage> {
  let path = original
  try {
    path = (
      await Taro.compressImage({
        src: original,
        quality: IMAGE_QUALITY * 100,
        compressedWidth: IMAGE_MAX_SIDE,
      } as Taro.compressImage.Option)
    ).tempFilePath
  } catch {
    // keep the original
  }
  const extension = /\.(jpe?g|png|webp)$/i.exec(path)?.[1].toLowerCase().replace('jpeg', 'jpg') as ImageType | undefined
  if (!extension) throw new CloudError('INVALID_ARGUMENT', '只能上传 JPG、PNG 或 WebP 图片')
  return { preview: path, path, size: await fileSize(path), extension }
}

/** A photo from the album or the camera, compressed; null when the person cancels; refused over the cap. */
export async function chooseImage(): Promise<ChosenImage | null> {
  let chosen: ChosenImage
  if (process.env.TARO_ENV === 'weapp') {
    let original: string
    try {
      const { tempFiles } = await Taro.chooseMedia({
        count: 1,
        mediaType: ['image'],
        sizeType: ['compressed'],
        sourceType: ['album', 'camera'],
      })
      if (!tempFiles[0]) return null
      original = tempFiles[0].tempFilePath
    } catch {
      return null
    }
    chosen = await compressOnPhone(original)
  } else {
    const file = await pickInBrowser('image/jpeg,image/png,image/webp')
    if (!file) return null
    if (!/^image\/(jpeg|png|webp)$/.test(file.type)) throw new CloudError('INVALID_ARGUMENT', '只能上传 JPG、PNG 或 WebP 图片')
    const compressed = await compressInBrowser(file)
    chosen = { preview: URL.createObjectURL(compressed), file: compressed, size: compressed.size, extension: 'jpg' }
  }
  if (chosen.size > MAX_IMAGE_BYTES) throw new CloudError('INVALID_ARGUMENT', IMAGE_TOO_LARGE)
  return chosen
}

/** Uploads under `covers/` or `photos/` with a random name; the action that stores the fileID checks the picture. */
export function uploadImage(kind: MediaKind, image: ChosenImage): Promise<string> {
  return uploadToCloud(`${kind}/${randomPart()}${randomPart()}.${image.extension}`, image)
}

/** A link a function answered: absolute in production, a path on the local cloud. */
export function fileUrl(url: string): string {
  return /^https?:/.test(url) ? url : `${LOCAL_CLOUD_URL}${url}`
}

/** Opens an exported file: on WeChat in the document viewer (PC WeChat hands it to Excel), in a browser as a download. */
export async function openExport(file: { url: string; fileName: string }): Promise<void> {
  const url = fileUrl(file.url)
  if (process.env.TARO_ENV === 'weapp') {
    if (/\.(png|jpe?g)$/i.test(file.fileName)) {
      await Taro.previewImage({ urls: [url] })
      return
    }
    const { tempFilePath } = await Taro.downloadFile({ url })
    const fileType = file.fileName.endsWith('.csv') ? undefined : 'xlsx'
    await Taro.openDocument({ filePath: tempFilePath, showMenu: true, ...(fileType ? { fileType } : {}) } as Taro.openDocument.Option)
    return
  }
  const link = document.createElement('a')
  link.href = url
  link.download = file.fileName
  link.target = '_blank'
  document.body.appendChild(link)
  link.click()
  link.remove()
}
