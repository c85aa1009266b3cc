/**
 * Tables to and from spreadsheets staff open: XLSX (exceljs) and CSV for Excel (UTF-8 with a BOM,
 * every cell quoted, nothing that could run as a formula).
 */
import { Readable } from 'stream'
import { Workbook, type Worksheet } from 'exceljs'

export type Cell = string | number | null

export interface Column {
  header: string
  /** Characters, roughly; Chinese text counts double. */
  width?: number
}

export interface Sheet {
  name: string
  /** A first line above the header (what the table is, when it was made). */
  title?: string
  columns: Column[]
  rows: Cell[][]
}

export type TableFormat = 'xlsx' | 'csv'

/** Text that starts with = + - @ or a control character gets an apostrophe, so it stays text. */
function inert(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
}

export function csvCell(value: Cell): string {
  const text = value === null ? '' : String(value)
  return `"${inert(text).replace(/"/g, '""')}"`
}

export function csvOf(sheet: Sheet): Buffer {
  const lines = [...(sheet.title ? [[sheet.title]] : []), sheet.columns.map((c) => c.header), ...sheet.rows]
  return Buffer.from(`\uFEFF${lines.map((line) => line.map(csvCell).join(',')).join('\r\n')}\r\n`, 'utf8')
}

function addSheet(workbook: Workbook, sheet: Sheet): Worksheet {
  const worksheet = workbook.addWorksheet(sheet.name.slice(0, 31))
  if (sheet.title) {
    worksheet.addRow([sheet.title]).font = { bold: true, size: 13 }
    if (sheet.columns.length > 1) worksheet.mergeCells(1, 1, 1, sheet.columns.length)
  }
  const header = worksheet.addRow(sheet.columns.map((c) => c.header))
  header.font = { bold: true }
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } }
  sheet.columns.forEach((column, index) => {
    worksheet.getColumn(index + 1).width = column.width ?? Math.max(8, column.header.length * 2 + 2)
  })
  // Strings stay strings: exceljs writes them as shared text, never as formulas.
  for (const row of sheet.rows) worksheet.addRow(row.map((cell) => (cell === null ? '' : cell)))
  worksheet.views = [{ state: 'frozen', ySplit: header.number }]
  return worksheet
}

export async function xlsxOf(sheets: Sheet[]): Promise<Buffer> {
  const workbook = new Workbook()
  workbook.creator = '职工服务'
  for (const sheet of sheets) addSheet(workbook, sheet)
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

/** The first sheet as CSV, or every sheet in one workbook. */
export async function tableFile(format: TableFormat, sheets: Sheet[]): Promise<Buffer> {
  return format === 'csv' ? csvOf(sheets[0]) : xlsxOf(sheets)
}

export class SpreadsheetError extends Error {}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'object') {
    const v = value as { text?: unknown; result?: unknown; richText?: { text: string }[] }
    if (v.richText) return v.richText.map((part) => part.text).join('')
    if (v.text !== undefined) return cellText(v.text)
    if (v.result !== undefined) return cellText(v.result)
    return ''
  }
  return String(value).trim()
}

/** The first sheet's rows as text (empty rows dropped), from XLSX or CSV bytes; at most `maxRows`. */
export async function readRows(content: Buffer, format: TableFormat, maxRows: number): Promise<string[][]> {
  const workbook = new Workbook()
  try {
    if (format === 'xlsx') await workbook.xlsx.load(content as any)
    else {
      const text = content.toString('utf8').replace(/^\uFEFF/, '')
      // Cells are read as text: an ISBN or a tag of digits must not become a number.
      await workbook.csv.read(Readable.from([text]), { parserOptions: {}, map: (value: unknown) => value } as any)
    }
  } catch {
    throw new SpreadsheetError(format === 'xlsx' ? '文件不是有效的 XLSX 表格' : '文件不是有效的 CSV 表格')
  }
  const worksheet = workbook.worksheets[0]
  if (!worksheet) return []
  const rows: string[][] = []
  worksheet.eachRow({ includeEmpty: false }, (row) => {
    if (rows.length > maxRows) return
    const values = (row.values as unknown[]).slice(1).map(cellText)
    if (values.some((value) => value !== '')) rows.push(values)
  })
  if (rows.length > maxRows) throw new SpreadsheetError(`表格超过 ${maxRows - 1} 行，请分批导入`)
  return rows
}
