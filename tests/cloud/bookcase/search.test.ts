/**
 * Book search across cabinets (issue 15): every word in the title; each copy on a shelf now with its
 * cabinet, place and door (as the cabinet page shows them); a borrowed copy is no longer offered;
 * two DB requests however many books match.
 */
import { createBookcase, expectOk, type Bookcase } from './support'

let bookcase: Bookcase
beforeEach(async () => {
  bookcase = await createBookcase()
})
afterEach(() => bookcase.runtime.close())

const search = async (q: string) => expectOk<any>(await bookcase.runtime.call('bookcase', 'local-worker', { action: 'searchBooks', q }))

/** Where the cabinet page says a title is: [cabinetId, door, tag]. */
async function shelvedAt(title: string): Promise<Array<[string, number, string]>> {
  const found: Array<[string, number, string]> = []
  for (const cabinetId of ['cabinet-1', 'cabinet-2']) {
    const cabinet = expectOk<any>(await bookcase.runtime.call('bookcase', 'local-worker', { action: 'cabinet', cabinetId }))
    for (const door of cabinet.doors) for (const book of door.books) if (book.title === title) found.push([cabinetId, door.door, book.tag])
  }
  return found
}

test('finds copies by words of the title, with the cabinet and door that hold each now', async () => {
  const answer = await search('人间')
  expect(answer.items.map((item: any) => item.title)).toEqual(['人间烟火'])
  const [item] = answer.items
  expect([[item.cabinetId, item.door, item.tag]]).toEqual(await shelvedAt('人间烟火'))
  expect(item).toMatchObject({ cabinetName: '五四广场站职工书柜', online: true })
  expect(item.place).toContain('五四广场站')

  // Two words: both must be in the title, anywhere; across both cabinets.
  const both = await search('人 间')
  expect(both.items.map((i: any) => i.title).sort()).toEqual(['人世间', '人间烟火'])
  expect(new Set(both.items.map((i: any) => i.cabinetId))).toEqual(new Set(['cabinet-1', 'cabinet-2']))
  expect((await search('不存在的书名')).items).toEqual([])
})

test('a borrowed copy is not offered', async () => {
  const [[cabinetId, door, tag]] = await shelvedAt('人间烟火')
  await bookcase.payDeposit('local-worker')
  await bookcase.borrow('local-worker', cabinetId, door, [tag])
  expect((await search('人间烟火')).items).toEqual([])
})

test('costs two DB requests; an empty query is refused', async () => {
  bookcase.runtime.calls.clear()
  await search('的')
  const [call] = bookcase.runtime.calls.list()
  expect(call.db).toMatchObject({ reads: 2, writes: 0 })
  expect(await bookcase.runtime.call('bookcase', 'local-worker', { action: 'searchBooks', q: '   ' })).toMatchObject({
    ok: false,
    code: 'INVALID_ARGUMENT',
  })
})
