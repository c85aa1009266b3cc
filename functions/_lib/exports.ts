/**
 * Files made for one person to download: stored at a path with 128 random bits (nobody can guess
 * another export's path) and answered with a temporary link that lasts minutes.
 */
import { randomBytes } from 'crypto'
import type { ActionContext } from './define'
import { tableFile, type Sheet, type TableFormat } from './spreadsheet'
import { shanghaiDate, shanghaiInstant } from '../../domain/time'
import * as s from './schema'

/** Long enough to open at once, too short to pass around. */
export const EXPORT_LINK_SECONDS = 10 * 60

const CONTENT_TYPES: Record<string, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
  png: 'image/png',
  jpg: 'image/jpeg',
}

export interface SavedFile {
  fileID: string
  url: string
  fileName: string
  expiresAt: number
  contentType: string
}

/** Stores `content` under `<folder>/<random>/<fileName>` and answers a short-lived link to it. */
export async function saveFile(ctx: ActionContext, folder: string, fileName: string, content: Buffer): Promise<SavedFile> {
  const cloudPath = `${folder}/${randomBytes(16).toString('hex')}/${fileName}`
  const { fileID } = await ctx.cloud.uploadFile({ cloudPath, fileContent: content })
  const { fileList } = await ctx.cloud.getTempFileURL({ fileList: [{ fileID, maxAge: EXPORT_LINK_SECONDS }] })
  const url = fileList[0]?.tempFileURL
  if (!url) throw new Error(`no temporary link for ${fileID}`)
  const extension = fileName.slice(fileName.lastIndexOf('.') + 1)
  return {
    fileID,
    url,
    fileName,
    expiresAt: ctx.now.getTime() + EXPORT_LINK_SECONDS * 1000,
    contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream',
  }
}

/** A report as XLSX or CSV, named `<name>-<Shanghai date>.<format>`, saved for the caller. */
export async function exportTable(ctx: ActionContext, folder: string, name: string, format: TableFormat, sheets: Sheet[]) {
  const content = await tableFile(format, sheets)
  const saved = await saveFile(ctx, `exports/${folder}`, `${name}-${shanghaiDate(ctx.now)}.${format}`, content)
  return { ...saved, rows: sheets[0].rows.length }
}

/** A report's month, Shanghai 'YYYY-MM'. */
export const monthInput = s.string({ pattern: /^20\d{2}-(0[1-9]|1[0-2])$/, patternMessage: '应为 YYYY-MM 格式的月份' })

/** The instants a Shanghai month spans: [start, end). */
export function monthRange(month: string): { start: Date; end: Date } {
  const [year, monthNumber] = month.split('-').map(Number)
  const next = monthNumber === 12 ? `${year + 1}-01` : `${year}-${String(monthNumber + 1).padStart(2, '0')}`
  return { start: shanghaiInstant(`${month}-01`), end: shanghaiInstant(`${next}-01`) }
}
