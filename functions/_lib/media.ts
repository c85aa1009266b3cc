/**
 * Covers and photos people upload (domain/media.ts has the rules). The app uploads a compressed picture
 * to cloud storage under `covers/` or `photos/` with a random name and sends its fileID; before an
 * action stores it, `acceptMedia` checks it is a real picture within the size cap and binds it to the
 * uploader (a `media` record per file), so nobody can show another person's upload — or any other
 * stored file (exports, imports) — as their own. Answers carry display links: one `getTempFileURL` per
 * page of items, never one per item.
 */
import { AppError } from './envelope'
import { findById, isDuplicateKey } from './documents'
import * as s from './schema'
import type { ActionContext } from './define'
import { imageProblem, mediaPathOf, type MediaKind } from '../../domain/media'

export const MEDIA = 'media'

export interface MediaRecord {
  /** `<kind>_<name>_<ext>`: one record per stored file */
  _id: string
  fileID: string
  kind: MediaKind
  owner: string
  bytes: number
  createdAt: Date
}

/** The schema field of an action that stores a picture: its fileID (shape only; `acceptMedia` checks the file). */
export function mediaRef(kind: MediaKind) {
  return s.string({
    max: 300,
    pattern: new RegExp(`^cloud://[^/\\s]+/${kind}/[A-Za-z0-9_-]{12,64}\\.(jpg|png|webp)$`),
    patternMessage: '图片无效，请重新上传',
  })
}

/**
 * Getting a link for a private file: at most 50 files per call, links valid at most one day
 * (https://developers.weixin.qq.com/miniprogram/dev/wxcloudservice/wxcloud/reference-sdk-api/storage/Cloud.getTempFileURL.md).
 */
const LINKS_PER_CALL = 50
const LINK_SECONDS = 2 * 60 * 60

/** Checks the picture behind `fileID` and binds it to the caller; the caller's own earlier picture passes as is. */
export async function acceptMedia(ctx: ActionContext, fileID: string | null | undefined, kind: MediaKind): Promise<void> {
  if (!fileID) return
  const path = mediaPathOf(fileID)
  if (!path || path.kind !== kind) throw new AppError('INVALID_ARGUMENT', '图片无效，请重新上传')
  const id = `${path.kind}_${path.name}_${path.extension}`
  const owned = (record: MediaRecord | null) => {
    if (record && record.owner !== ctx.openid) throw new AppError('FORBIDDEN', '这张图片不是您上传的，请重新选择')
    return record !== null
  }
  if (owned(await findById<MediaRecord>(ctx.db, MEDIA, id))) return
  let content: Buffer
  try {
    content = (await ctx.cloud.downloadFile({ fileID })).fileContent
  } catch {
    throw new AppError('INVALID_ARGUMENT', '图片不存在或上传未完成，请重新上传')
  }
  const problem = imageProblem(content, path.extension)
  if (problem) throw new AppError('INVALID_ARGUMENT', problem)
  const record: MediaRecord = { _id: id, fileID, kind, owner: ctx.openid, bytes: content.length, createdAt: ctx.now }
  try {
    await ctx.db.collection(MEDIA).add({ data: record })
  } catch (error) {
    // Two requests with the same new picture at once: the first binds it; the other passes only if it is the same person.
    if (!isDuplicateKey(error)) throw error
    owned(await findById<MediaRecord>(ctx.db, MEDIA, id))
  }
}

type WithUrl<T, K extends string> = T & { [P in `${K}Url`]: string | null }

/** Adds `<key>Url` (a link to show, or null: the app shows the default) to each item, with one storage call per 50 pictures. */
export async function withMediaUrls<T extends { [P in K]?: string | null }, K extends string>(
  ctx: ActionContext,
  items: T[],
  key: K,
): Promise<WithUrl<T, K>[]> {
  const fileIDs = [...new Set(items.map((item) => item[key]).filter((id): id is NonNullable<T[K]> & string => Boolean(id)))]
  const links = new Map<string, string>()
  for (let start = 0; start < fileIDs.length; start += LINKS_PER_CALL) {
    const chunk = fileIDs.slice(start, start + LINKS_PER_CALL)
    try {
      const { fileList } = await ctx.cloud.getTempFileURL({ fileList: chunk.map((fileID) => ({ fileID, maxAge: LINK_SECONDS })) })
      for (const file of fileList) if (file.status === 0 && file.tempFileURL) links.set(file.fileID, file.tempFileURL)
    } catch (error) {
      // A picture is decoration: without links the app shows the defaults rather than failing the page.
      ctx.log.error('mediaLinksFailed', { error: String((error as Error)?.message ?? error), files: chunk.length })
    }
  }
  return items.map((item) => ({ ...item, [`${key}Url`]: (item[key] && links.get(item[key] as string)) || null }) as WithUrl<T, K>)
}

/** The same for one item (a detail page). */
export async function withMediaUrl<T extends { [P in K]?: string | null }, K extends string>(
  ctx: ActionContext,
  item: T,
  key: K,
): Promise<WithUrl<T, K>> {
  return (await withMediaUrls(ctx, [item], key))[0]
}
