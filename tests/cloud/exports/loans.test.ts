/** The loans report: a month's loans as XLSX read back with exceljs, as CSV, for admins only. */
import { Workbook } from 'exceljs'
import { bookTag, createBookcase, expectOk, type Bookcase } from '../bookcase/support'

let h: Bookcase
beforeAll(async () => {
  h = await createBookcase()
  await h.payDeposit('local-volunteer-1')
  await h.borrow('local-volunteer-1', 'cabinet-1', 1, [bookTag(0)])
})
afterAll(() => h.runtime.close())

test('the month of a loan lists it; others may not export', async () => {
  const exported = expectOk<any>(await h.runtime.call('bookcase', 'local-admin', { action: 'loansReport', month: '2026-03' }))
  expect(exported).toMatchObject({ rows: 1, fileName: 'loans-2026-03-2026-03-02.xlsx' })
  const workbook = new Workbook()
  await workbook.xlsx.load((await h.runtime.cloud.storage.read(exported.fileID)) as any)
  const sheet = workbook.worksheets[0]
  const header = (sheet.getRow(2).values as unknown[]).slice(1)
  const row = (sheet.getRow(3).values as unknown[]).slice(1)
  expect(header.slice(0, 7)).toEqual(['借阅编号', '书名', '标签', 'ISBN', '借阅人', '借出书柜', '借出时间'])
  expect(row.slice(1, 7)).toEqual(['活着', bookTag(0), '9787506365437', '王小明', 'cabinet-1', '2026-03-02 10:00'])
  expect(row[10]).toBe('借出中')

  const csv = expectOk<any>(await h.runtime.call('bookcase', 'local-admin', { action: 'loansReport', month: '2026-03', format: 'csv' }))
  expect(String(await h.runtime.cloud.storage.read(csv.fileID))).toContain('"活着"')
  expect(expectOk<any>(await h.runtime.call('bookcase', 'local-admin', { action: 'loansReport', month: '2026-04' })).rows).toBe(0)
  expect(await h.runtime.call('bookcase', 'local-organizer', { action: 'loansReport', month: '2026-03' })).toMatchObject({
    ok: false,
    code: 'FORBIDDEN',
  })
})
