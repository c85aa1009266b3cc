/**
 * Books in bulk: a spreadsheet of books (XLSX or CSV) is checked into a preview with row-level errors,
 * then its valid rows are registered in batches the app calls one after another (showing progress), each
 * well inside the function timeout. Registering is idempotent: a book is added with its tag as `_id`
 * (an existing one is left alone) and a door gains its tags with `addToSet`, so a batch run twice, or a
 * file uploaded again, changes nothing. The inventory and the tags no book owns export to XLSX or CSV.
 */
import { randomBytes } from 'crypto'
import type { ActionContext } from '../_lib/define'
import { AppError } from '../_lib/envelope'
import { exportTable } from '../_lib/exports'
import { findById, isDuplicateKey } from '../_lib/documents'
import { MAX_READ, readAll } from '../_lib/paging'
import { readRows, SpreadsheetError, type Sheet, type TableFormat } from '../_lib/spreadsheet'
import {
  COLUMN_LABELS,
  IMPORT_COLUMNS,
  ImportFileError,
  doorKey,
  previewImport,
  namesIn,
  type ExistingBook,
  type ImportRow,
} from '../../domain/bookcase/bookImport'
import { formatShanghai } from '../../domain/time'
import {
  BOOKS,
  BOOK_IMPORTS,
  CABINETS,
  CABINET_DOORS,
  type BookImportRecord,
  type BookRecord,
  type CabinetRecord,
  type DoorRecord,
} from './records'

/** Rows per commit call: a few hundred writes, well under the 3 s timeout. */
export const IMPORT_BATCH = 250
/** Rows a file may hold (the header excluded). */
export const MAX_IMPORT_ROWS = 10_000
const MAX_FILE_BYTES = 5 * 1024 * 1024
/** Errors shown in the preview; the counts cover them all. */
const SHOWN_ERRORS = 200
const PARALLEL = 10
/** Books an inventory export holds at most: far beyond a union's stock, within one call's memory. */
const EXPORT_MAX_BOOKS = 100_000

const BOOK_STATUS_LABELS: Record<BookRecord['status'], string> = { shelved: '在架', onLoan: '借出', lost: '丢失', missing: '未上架' }

async function inParallel<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += PARALLEL) await Promise.all(items.slice(i, i + PARALLEL).map(work))
}

function chunks<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size))
}

function formatOf(fileID: string): TableFormat {
  const lower = fileID.toLowerCase()
  if (lower.endsWith('.xlsx')) return 'xlsx'
  if (lower.endsWith('.csv')) return 'csv'
  throw new AppError('INVALID_ARGUMENT', '请上传 .xlsx 或 .csv 格式的表格')
}

async function download(ctx: ActionContext, fileID: string): Promise<Buffer> {
  try {
    return (await ctx.cloud.downloadFile({ fileID })).fileContent
  } catch {
    throw new AppError('NOT_FOUND', '上传的文件不存在或已过期，请重新选择文件')
  }
}

async function readLines(ctx: ActionContext, fileID: string): Promise<string[][]> {
  const format = formatOf(fileID)
  const content = await download(ctx, fileID)
  if (content.length > MAX_FILE_BYTES) throw new AppError('INVALID_ARGUMENT', '文件超过 5 MB，请分批导入')
  try {
    return await readRows(content, format, MAX_IMPORT_ROWS + 1)
  } catch (error) {
    if (error instanceof SpreadsheetError) throw new AppError('INVALID_ARGUMENT', error.message)
    throw error
  }
}

/** Admin: checks an uploaded file and keeps its valid rows for `commitImport`. */
export async function previewBookImport(ctx: ActionContext, fileID: string) {
  const lines = await readLines(ctx, fileID)
  const { tags, cabinets: named } = (() => {
    try {
      return namesIn(lines)
    } catch (error) {
      if (error instanceof ImportFileError) throw new AppError('INVALID_ARGUMENT', error.message)
      throw error
    }
  })()
  // Only what the file names is read: a constant number of reads per hundred rows, whatever the city holds.
  const cabinets: CabinetRecord[] = []
  const doors: DoorRecord[] = []
  for (const ids of chunks(named, MAX_READ)) {
    const { data } = await ctx.db
      .collection<CabinetRecord>(CABINETS)
      .where({ _id: ctx._.in(ids) })
      .limit(MAX_READ)
      .get()
    cabinets.push(...data)
    doors.push(
      ...(await readAll(
        ctx.db
          .collection<DoorRecord>(CABINET_DOORS)
          .where({ cabinetId: ctx._.in(ids) })
          .orderBy('_id', 'asc'),
      )),
    )
  }
  const books = new Map<string, ExistingBook>()
  await inParallel(chunks(tags, MAX_READ), async (chunk) => {
    const { data } = await ctx.db
      .collection<BookRecord>(BOOKS)
      .where({ _id: ctx._.in(chunk) })
      .limit(MAX_READ)
      .get()
    for (const book of data) books.set(book._id, { ...book, tag: book._id })
  })
  let preview
  try {
    preview = previewImport(
      lines,
      {
        cabinets: new Map(cabinets.map((c) => [c._id, c.doorCount])),
        doors: new Map(doors.map((d) => [doorKey(d.cabinetId, d.door), d])),
        books,
      },
      1,
    )
  } catch (error) {
    if (error instanceof ImportFileError) throw new AppError('INVALID_ARGUMENT', error.message)
    throw error
  }
  const importId = randomBytes(12).toString('hex')
  const batches = Math.ceil(preview.rows.length / IMPORT_BATCH)
  let rowsFileID = ''
  if (preview.rows.length) {
    const content = Buffer.from(JSON.stringify(preview.rows))
    rowsFileID = (await ctx.cloud.uploadFile({ cloudPath: `imports/checked/${importId}.json`, fileContent: content })).fileID
  }
  const job: BookImportRecord = {
    _id: importId,
    sourceFileID: fileID,
    rowsFileID,
    total: preview.total,
    valid: preview.rows.length,
    unchanged: preview.unchanged,
    errorRows: preview.errors.length,
    batches,
    committedBatches: [],
    added: 0,
    createdBy: ctx.openid,
    createdAt: ctx.now,
  }
  await ctx.db.collection(BOOK_IMPORTS).add({ data: job })
  ctx.log.info('bookImportPreviewed', { by: ctx.openid, importId, total: preview.total, valid: preview.rows.length })
  return {
    importId,
    total: preview.total,
    valid: preview.rows.length,
    unchanged: preview.unchanged,
    errorRows: preview.errors.length,
    errorCounts: preview.errorCounts,
    errors: preview.errors.slice(0, SHOWN_ERRORS),
    sample: preview.rows.slice(0, 20),
    batches,
    batchSize: IMPORT_BATCH,
  }
}

/** Admin: registers one batch of a previewed import. Any batch may be sent again; it changes nothing. */
export async function commitBookImport(ctx: ActionContext, importId: string, batch: number) {
  const job = await findById<BookImportRecord>(ctx.db, BOOK_IMPORTS, importId)
  if (!job) throw new AppError('NOT_FOUND', '导入任务不存在，请重新上传文件')
  if (job.createdBy !== ctx.openid) throw new AppError('FORBIDDEN', '只能提交自己预览的导入')
  if (batch >= job.batches) throw new AppError('INVALID_ARGUMENT', `batch：应小于 ${job.batches}`)
  const all = JSON.parse((await download(ctx, job.rowsFileID)).toString('utf8')) as (ImportRow & { row: number })[]
  const rows = all.slice(batch * IMPORT_BATCH, (batch + 1) * IMPORT_BATCH)
  let added = 0
  await inParallel(rows, async (row) => {
    const book: BookRecord = {
      _id: row.tag,
      isbn: row.isbn,
      title: row.title,
      author: row.author,
      cover: '',
      status: row.cabinetId ? 'shelved' : 'missing',
      cabinetId: row.cabinetId,
      door: row.door,
      loanId: null,
      registeredAt: new Date(job.createdAt),
    }
    try {
      await ctx.db.collection(BOOKS).add({ data: book })
      added++
    } catch (error) {
      if (!isDuplicateKey(error)) throw error // registered already (by this import or meanwhile): left as it is
    }
  })
  const byDoor = new Map<string, string[]>()
  for (const row of rows) {
    if (row.cabinetId && row.door)
      byDoor.set(doorKey(row.cabinetId, row.door), [...(byDoor.get(doorKey(row.cabinetId, row.door)) ?? []), row.tag])
  }
  const _ = ctx._
  await inParallel([...byDoor], async ([door, tags]) => {
    await ctx.db
      .collection(CABINET_DOORS)
      .doc(door)
      .update({ data: { tags: _.addToSet({ $each: tags }), unknownTags: _.pull(_.in(tags)) } })
  })
  await ctx.db
    .collection(BOOK_IMPORTS)
    .doc(importId)
    .update({ data: { committedBatches: _.addToSet(batch), added: _.inc(added) } })
  const updated = (await findById<BookImportRecord>(ctx.db, BOOK_IMPORTS, importId))!
  return {
    importId,
    batch,
    batches: job.batches,
    committedBatches: updated.committedBatches.length,
    done: updated.committedBatches.length === job.batches,
    added,
  }
}

/** Tags a cabinet reports inside that no registered book carries, door by door. */
export async function strayTags(ctx: ActionContext) {
  const doors = await readAll(
    ctx.db
      .collection<DoorRecord>(CABINET_DOORS)
      .where({ unknownTags: ctx._.neq([]) })
      .orderBy('_id', 'asc'),
  )
  return doors.flatMap((door) => door.unknownTags.map((tag) => ({ cabinetId: door.cabinetId, door: door.door, tag })))
}

const time = (date: Date | null) => (date ? formatShanghai(new Date(date), 'YYYY-MM-DD HH:mm') : '')

/** Admin: every book (the import's columns first, so the file can be edited and imported again) and the stray tags. */
export async function exportInventory(ctx: ActionContext, format: TableFormat) {
  const books = await readAll(ctx.db.collection<BookRecord>(BOOKS).orderBy('_id', 'asc'), EXPORT_MAX_BOOKS)
  const stray = await strayTags(ctx)
  const inventory: Sheet = {
    name: '图书清单',
    columns: [
      ...IMPORT_COLUMNS.map((c) => ({ header: COLUMN_LABELS[c], width: c === 'title' ? 30 : 16 })),
      { header: '状态' },
      { header: '登记时间', width: 18 },
    ],
    rows: books.map((b) => [b._id, b.isbn, b.title, b.author, b.cabinetId, b.door, BOOK_STATUS_LABELS[b.status], time(b.registeredAt)]),
  }
  const unknown: Sheet = {
    name: '未登记标签',
    columns: [{ header: '书柜', width: 16 }, { header: '柜门' }, { header: '标签', width: 20 }],
    rows: stray.map((s) => [s.cabinetId, s.door, s.tag]),
  }
  return { ...(await exportTable(ctx, 'inventory', 'inventory', format, [inventory, unknown])), strayTags: stray.length }
}
