/**
 * Bulk book import: a 5 000-row spreadsheet with every kind of error gives exact preview counts,
 * commits in batches each well within the 3 s function timeout, and a second commit or a second upload
 * changes nothing. The inventory export reads back with exceljs.
 */
import { Workbook } from 'exceljs'
import type { LocalRuntime } from '../../../local-cloud/runtime'
import { bookTag } from '../../../local-cloud/seed/bookcase'
import { isbn13 } from '../../../domain/bookcase/isbn'
import { createTestRuntime, expectOk } from '../../support/runtime'

const FUNCTION_TIMEOUT_MS = 3000
const ROWS = 5000

let runtime: LocalRuntime
beforeAll(async () => {
  runtime = await createTestRuntime({ at: new Date('2026-03-02T02:00:00Z') })
  expectOk(
    await admin({ action: 'saveCabinet', cabinetId: 'cabinet-import', name: '导入测试书柜', place: '市总工会', doors: 20, capacity: 50 }),
  )
})
afterAll(() => runtime.close())

function admin(data: Record<string, unknown>) {
  return runtime.call<any>('bookcase', 'local-admin', data)
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now()
  const value = await work()
  return { value, ms: Date.now() - started }
}

/**
 * Row i (0-based) by i % 100: 0 bad ISBN check digit; 1 unknown cabinet; 2 and 3 share a tag; 4–29
 * placed in cabinet-import door (i % 20) + 1 (doors 5–10 get 100 rows for 50 places → 300 full);
 * the rest unplaced. Three rows are seed books: two as registered (unchanged), one with another title.
 */
function bookRows(): (string | number)[][] {
  const rows: (string | number)[][] = []
  for (let i = 0; i < ROWS; i++) {
    const kind = i % 100
    const tag = kind === 2 ? `IMP${String(i + 1).padStart(5, '0')}` : `IMP${String(i).padStart(5, '0')}`
    const isbn = isbn13(`978730200${String(i).padStart(3, '0').slice(-3)}`)
    const badIsbn = isbn.slice(0, 12) + ((Number(isbn[12]) + 1) % 10)
    const row: (string | number)[] = [tag, kind === 0 ? badIsbn : isbn, `第 ${i} 本书`, '作者甲', '', '']
    if (kind === 1) row.splice(4, 2, 'cabinet-nowhere', 1)
    if (kind >= 4 && kind <= 29) row.splice(4, 2, 'cabinet-import', (i % 20) + 1)
    rows.push(row)
  }
  rows[99] = [bookTag(0), '9787506365437', '活着', '余华', 'cabinet-1', 1]
  rows[199] = [bookTag(1), '978-7-5302-1678-1', '平凡的世界', '路遥', '', '']
  rows[299] = [bookTag(2), '9787536692930', '三体（典藏版）', '刘慈欣', '', '']
  return rows
}

async function uploadXlsx(name: string, rows: (string | number)[][]): Promise<string> {
  const workbook = new Workbook()
  const sheet = workbook.addWorksheet('图书')
  sheet.addRow(['标签', 'ISBN', '书名', '作者', '书柜', '柜门'])
  for (const row of rows) sheet.addRow(row)
  const content = Buffer.from(await workbook.xlsx.writeBuffer())
  const sdk = runtime.cloud.sdkFor({ OPENID: 'local-admin', SOURCE: 'wx_client' })
  return (await sdk.uploadFile({ cloudPath: `imports/local-admin/${name}`, fileContent: content })).fileID
}

const EXPECTED_ERRORS = { ISBN_CHECKSUM: 50, UNKNOWN_CABINET: 50, DUPLICATE_TAG: 100, DOOR_FULL: 300, TAG_TAKEN: 1 }

test('5 000 rows: exact preview, batched idempotent commit, re-upload changes nothing', async () => {
  const fileID = await uploadXlsx('books.xlsx', bookRows())
  const { value: preview, ms: previewMs } = await timed(async () => expectOk<any>(await admin({ action: 'previewImport', fileID })))
  expect(previewMs).toBeLessThan(FUNCTION_TIMEOUT_MS)
  expect(preview).toMatchObject({ total: 5000, unchanged: 2, errorRows: 501, valid: 4497, errorCounts: EXPECTED_ERRORS })
  // Row numbers are the sheet's own (header = row 1): row index 0 is sheet row 2.
  expect(preview.errors[0]).toMatchObject({ row: 2, errors: [{ kind: 'ISBN_CHECKSUM', message: 'ISBN 校验位错误' }] })
  expect(preview.errors.find((e: any) => e.tag === 'IMP00003').errors[0].message).toBe('标签在文件中重复（第 4、5 行）')
  expect(preview.errors.find((e: any) => e.tag === bookTag(2)).errors[0].kind).toBe('TAG_TAKEN')
  expect(preview.batches).toBe(Math.ceil(4497 / preview.batchSize))

  for (let batch = 0; batch < preview.batches; batch++) {
    const { value, ms } = await timed(async () => expectOk<any>(await admin({ action: 'commitImport', importId: preview.importId, batch })))
    expect(ms).toBeLessThan(FUNCTION_TIMEOUT_MS)
    expect(value.committedBatches).toBe(batch + 1)
  }
  const door = (
    await runtime.cloud.sdkFor({ OPENID: '', SOURCE: 'wx_trigger' }).database().collection('cabinetDoors').doc('cabinet-import-5').get()
  ).data
  expect(door.tags).toHaveLength(50)
  const { total: books } = await runtime.cloud.sdkFor({ OPENID: '', SOURCE: 'wx_trigger' }).database().collection('books').count()
  expect(books).toBe(20 + 4497)

  // The same batch again: nothing added; the same file again: nothing to add.
  expect(expectOk<any>(await admin({ action: 'commitImport', importId: preview.importId, batch: 0 }))).toMatchObject({
    added: 0,
    done: true,
  })
  const again = expectOk<any>(await admin({ action: 'previewImport', fileID }))
  expect(again).toMatchObject({ total: 5000, valid: 0, unchanged: 4499, errorRows: 501, errorCounts: EXPECTED_ERRORS, batches: 0 })
  const { total: after } = await runtime.cloud.sdkFor({ OPENID: '', SOURCE: 'wx_trigger' }).database().collection('books').count()
  expect(after).toBe(books)
}, 120_000)

test('CSV works too; bad files get a clear message and change nothing', async () => {
  const sdk = runtime.cloud.sdkFor({ OPENID: 'local-admin', SOURCE: 'wx_client' })
  const csv =
    '\uFEFF标签,ISBN,书名,作者,书柜,柜门\r\nCSV0001,0306406152,"Signals, Systems",Oppenheim,,\r\nCSV0002,9787302000000,坏书号,某人,,\r\n'
  const fileID = (await sdk.uploadFile({ cloudPath: 'imports/local-admin/books.csv', fileContent: Buffer.from(csv) })).fileID
  const preview = expectOk<any>(await admin({ action: 'previewImport', fileID }))
  expect(preview).toMatchObject({
    total: 2,
    valid: 1,
    errorRows: 1,
    sample: [{ tag: 'CSV0001', isbn: '0306406152', title: 'Signals, Systems' }],
  })

  const noHeader = (await sdk.uploadFile({ cloudPath: 'imports/local-admin/x.csv', fileContent: Buffer.from('a,b\r\n1,2\r\n') })).fileID
  expect(await admin({ action: 'previewImport', fileID: noHeader })).toMatchObject({
    ok: false,
    code: 'INVALID_ARGUMENT',
    message: expect.stringContaining('表头缺少'),
  })
  const notXlsx = (await sdk.uploadFile({ cloudPath: 'imports/local-admin/x.xlsx', fileContent: Buffer.from('not a zip') })).fileID
  expect(await admin({ action: 'previewImport', fileID: notXlsx })).toMatchObject({
    ok: false,
    code: 'INVALID_ARGUMENT',
    message: '文件不是有效的 XLSX 表格',
  })
  expect(await admin({ action: 'previewImport', fileID: 'cloud://local.local-bucket/imports/x.pdf' })).toMatchObject({
    ok: false,
    code: 'INVALID_ARGUMENT',
  })
  expect(await runtime.call('bookcase', 'local-volunteer-1', { action: 'previewImport', fileID })).toMatchObject({
    ok: false,
    code: 'FORBIDDEN',
  })
  // Another admin cannot commit someone else's preview.
  expect(await runtime.call('bookcase', 'local-organizer', { action: 'commitImport', importId: preview.importId, batch: 0 })).toMatchObject(
    { ok: false },
  )
})

// Reads and writes the 5 000 books the import above left: more than jest's default 5 s on a busy machine.
test('inventory exports to XLSX that reads back, with the tags no book owns', async () => {
  const sdk = runtime.cloud.sdkFor({ OPENID: '', SOURCE: 'wx_trigger' })
  await sdk
    .database()
    .collection('cabinetDoors')
    .doc('cabinet-2-6')
    .update({ data: { unknownTags: ['STRAY0001'] } })
  expect(expectOk<any>(await admin({ action: 'strayTags' }))).toEqual([{ cabinetId: 'cabinet-2', door: 6, tag: 'STRAY0001' }])
  const exported = expectOk<any>(await admin({ action: 'exportInventory', format: 'xlsx' }))
  expect(exported.fileID).toMatch(/\/exports\/inventory\/[0-9a-f]{32}\/inventory-\d{4}-\d{2}-\d{2}\.xlsx$/)
  const workbook = new Workbook()
  await workbook.xlsx.load((await runtime.cloud.storage.read(exported.fileID)) as any)
  const [books, stray] = workbook.worksheets
  expect(books.getRow(1).values).toEqual([undefined, '标签', 'ISBN', '书名', '作者', '书柜', '柜门', '状态', '登记时间'])
  expect(books.rowCount - 1).toBe(exported.rows)
  const first = books.getRow(2).values as unknown[]
  expect(first.slice(1, 8)).toEqual([bookTag(0), '9787506365437', '活着', '余华', 'cabinet-1', 1, '在架'])
  expect(stray.getRow(2).values).toEqual([undefined, 'cabinet-2', 6, 'STRAY0001'])
  // The export is the import's format: imported again, it changes nothing.
  const sdk2 = runtime.cloud.sdkFor({ OPENID: 'local-admin', SOURCE: 'wx_client' })
  const reimported = (
    await sdk2.uploadFile({
      cloudPath: 'imports/local-admin/inventory.xlsx',
      fileContent: (await runtime.cloud.storage.read(exported.fileID))!,
    })
  ).fileID
  expect(expectOk<any>(await admin({ action: 'previewImport', fileID: reimported }))).toMatchObject({
    total: exported.rows,
    valid: 0,
    unchanged: exported.rows,
    errorRows: 0,
  })
  const csv = expectOk<any>(await admin({ action: 'exportInventory', format: 'csv' }))
  expect(String(await runtime.cloud.storage.read(csv.fileID))).toContain('"活着","余华"')
}, 60_000)
