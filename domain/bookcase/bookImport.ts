/**
 * Checking a spreadsheet of books before anything is written: which rows can be registered, which
 * are already registered as they are (a re-upload changes nothing), and what is wrong with the rest,
 * row by row, in the words a librarian needs to fix the file.
 */
import { checkIsbn } from './isbn'

export const IMPORT_COLUMNS = ['tag', 'isbn', 'title', 'author', 'cabinetId', 'door'] as const
export type ImportColumn = (typeof IMPORT_COLUMNS)[number]

/** Header words staff write, in Chinese or English. */
const HEADER_NAMES: Record<ImportColumn, string[]> = {
  tag: ['标签', 'rfid', 'rfid标签', '标签号', 'tag'],
  isbn: ['isbn'],
  title: ['书名', '题名', 'title'],
  author: ['作者', '著者', 'author'],
  cabinetId: ['书柜', '书柜编号', '柜子', 'cabinet', 'cabinetid'],
  door: ['柜门', '柜门号', '门', 'door'],
}
const REQUIRED: ImportColumn[] = ['tag', 'isbn', 'title', 'author']
export const COLUMN_LABELS: Record<ImportColumn, string> = {
  tag: '标签',
  isbn: 'ISBN',
  title: '书名',
  author: '作者',
  cabinetId: '书柜',
  door: '柜门',
}

export type ImportErrorKind =
  | 'TAG_INVALID'
  | 'DUPLICATE_TAG'
  | 'TAG_TAKEN'
  | 'ISBN_FORMAT'
  | 'ISBN_CHECKSUM'
  | 'TITLE'
  | 'AUTHOR'
  | 'PLACE_INCOMPLETE'
  | 'UNKNOWN_CABINET'
  | 'UNKNOWN_DOOR'
  | 'DOOR_FULL'

export interface ImportRow {
  tag: string
  isbn: string
  title: string
  author: string
  cabinetId: string | null
  door: number | null
}

export interface RowError {
  /** The spreadsheet's own row number (the header is row 1 when it is the first line). */
  row: number
  tag: string
  errors: { kind: ImportErrorKind; message: string }[]
}

export interface DoorState {
  capacity: number
  tags: string[]
  unknownTags: string[]
}

export interface ExistingBook {
  tag: string
  isbn: string
  title: string
  author: string
  cabinetId: string | null
  door: number | null
}

export interface ImportWorld {
  /** cabinet id → its number of doors */
  cabinets: Map<string, number>
  /** `${cabinetId}-${door}` → the door */
  doors: Map<string, DoorState>
  /** registered books among the file's tags */
  books: Map<string, ExistingBook>
}

export interface ImportPreview {
  total: number
  /** rows to register */
  rows: (ImportRow & { row: number })[]
  /** rows already registered exactly so */
  unchanged: number
  errors: RowError[]
  errorCounts: Partial<Record<ImportErrorKind, number>>
}

export class ImportFileError extends Error {}

const TAG = /^[A-Za-z0-9_-]{1,40}$/

function normalise(header: string): string {
  return header.replace(/[\s（）()*：:]/g, '').toLowerCase()
}

/** Which column holds what; the header row must name at least the required columns. */
export function mapHeader(header: string[]): Record<ImportColumn, number> {
  const found = {} as Record<ImportColumn, number>
  header.forEach((name, index) => {
    const key = normalise(name)
    for (const column of IMPORT_COLUMNS) if (found[column] === undefined && HEADER_NAMES[column].includes(key)) found[column] = index
  })
  const missing = REQUIRED.filter((column) => found[column] === undefined)
  if (missing.length) {
    throw new ImportFileError(
      `表头缺少：${missing.map((c) => COLUMN_LABELS[c]).join('、')}（第一行应为：标签、ISBN、书名、作者、书柜、柜门）`,
    )
  }
  return found
}

export const doorKey = (cabinetId: string, door: number) => `${cabinetId}-${door}`

/** The tags and cabinets a file names (to read what is registered), without checking anything else. */
export function namesIn(lines: string[][]): { tags: string[]; cabinets: string[] } {
  if (lines.length === 0) return { tags: [], cabinets: [] }
  const columns = mapHeader(lines[0])
  const column = (line: string[], c: ImportColumn) => (columns[c] === undefined ? '' : (line[columns[c]] ?? '').trim())
  const body = lines.slice(1)
  return {
    tags: [...new Set(body.map((line) => column(line, 'tag')).filter((tag) => TAG.test(tag)))],
    cabinets: [...new Set(body.map((line) => column(line, 'cabinetId')).filter((id) => TAG.test(id)))],
  }
}

/** `lines[0]` is the header; `firstRow` is its row number in the sheet. */
export function previewImport(lines: string[][], world: ImportWorld, firstRow = 1): ImportPreview {
  if (lines.length < 2) throw new ImportFileError('表格中没有图书：第一行是表头，从第二行起每行一本书')
  const columns = mapHeader(lines[0])
  const cell = (line: string[], column: ImportColumn) => (columns[column] === undefined ? '' : (line[columns[column]] ?? '').trim())
  const body = lines.slice(1)
  const rowsOfTag = new Map<string, number[]>()
  body.forEach((line, i) => {
    const tag = cell(line, 'tag')
    if (tag) rowsOfTag.set(tag, [...(rowsOfTag.get(tag) ?? []), firstRow + 1 + i])
  })
  const filled = new Map<string, number>()
  const preview: ImportPreview = { total: body.length, rows: [], unchanged: 0, errors: [], errorCounts: {} }
  body.forEach((line, i) => {
    const row = firstRow + 1 + i
    const errors: RowError['errors'] = []
    const fail = (kind: ImportErrorKind, message: string) => errors.push({ kind, message })
    const tag = cell(line, 'tag')
    if (!TAG.test(tag)) fail('TAG_INVALID', '标签号应为 1–40 位字母、数字、- 或 _')
    const sameTag = rowsOfTag.get(tag) ?? []
    if (tag && sameTag.length > 1) fail('DUPLICATE_TAG', `标签在文件中重复（第 ${sameTag.join('、')} 行）`)
    const isbnCheck = checkIsbn(cell(line, 'isbn'))
    if (!isbnCheck.ok)
      fail(
        isbnCheck.reason === 'CHECKSUM' ? 'ISBN_CHECKSUM' : 'ISBN_FORMAT',
        isbnCheck.reason === 'CHECKSUM' ? 'ISBN 校验位错误' : 'ISBN 应为 10 或 13 位数字',
      )
    const title = cell(line, 'title')
    if (!title || title.length > 60) fail('TITLE', '书名应为 1–60 个字')
    const author = cell(line, 'author')
    if (!author || author.length > 40) fail('AUTHOR', '作者应为 1–40 个字')
    const cabinetText = cell(line, 'cabinetId')
    const doorText = cell(line, 'door')
    let cabinetId: string | null = null
    let door: number | null = null
    if (cabinetText || doorText) {
      if (!cabinetText || !doorText) fail('PLACE_INCOMPLETE', '书柜与柜门需同时填写（或都不填，稍后上架）')
      else if (!world.cabinets.has(cabinetText)) fail('UNKNOWN_CABINET', `书柜不存在：${cabinetText}`)
      else if (!/^\d{1,3}$/.test(doorText) || !world.doors.has(doorKey(cabinetText, Number(doorText)))) {
        fail('UNKNOWN_DOOR', `柜门不存在：${cabinetText} 共 ${world.cabinets.get(cabinetText)} 个柜门`)
      } else {
        cabinetId = cabinetText
        door = Number(doorText)
      }
    }
    const existing = world.books.get(tag)
    if (errors.length === 0 && existing) {
      const same =
        existing.isbn === (isbnCheck.ok ? isbnCheck.isbn : '') &&
        existing.title === title &&
        existing.author === author &&
        (cabinetId === null || (existing.cabinetId === cabinetId && existing.door === door))
      if (same) {
        preview.unchanged++
        return
      }
      fail('TAG_TAKEN', `标签已登记为《${existing.title}》，如需修改请在图书管理中逐本修改`)
    }
    if (errors.length === 0 && cabinetId !== null && door !== null) {
      const key = doorKey(cabinetId, door)
      const state = world.doors.get(key)!
      // A tag the cabinet already reports inside (unregistered) takes no new space.
      const takesSpace = !state.unknownTags.includes(tag)
      const used = state.tags.length + state.unknownTags.length + (filled.get(key) ?? 0)
      if (takesSpace && used >= state.capacity) fail('DOOR_FULL', `柜门已满：${cabinetId} ${door} 号门容量 ${state.capacity} 本`)
      else if (takesSpace) filled.set(key, (filled.get(key) ?? 0) + 1)
    }
    if (errors.length) {
      preview.errors.push({ row, tag, errors })
      for (const { kind } of errors) preview.errorCounts[kind] = (preview.errorCounts[kind] ?? 0) + 1
      return
    }
    preview.rows.push({ row, tag, isbn: (isbnCheck as { isbn: string }).isbn, title, author, cabinetId, door })
  })
  return preview
}
