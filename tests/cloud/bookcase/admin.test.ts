import { bookTag, createBookcase, expectOk, type Bookcase } from './support'

const ADMIN = 'local-admin'

describe('bookcase administration', () => {
  let h: Bookcase
  beforeEach(async () => {
    h = await createBookcase()
  })
  afterEach(() => h.runtime.close())

  test('an admin adds a cabinet (its secret shown once) and registers books into its doors', async () => {
    const input = {
      action: 'saveCabinet',
      cabinetId: 'cabinet-3',
      name: '市总工会职工书柜',
      place: '市南区 市总工会一楼大厅',
      doors: 2,
      capacity: 3,
    }
    expect(await h.runtime.call('bookcase', 'local-volunteer-1', input)).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    const created = expectOk<any>(await h.runtime.call('bookcase', ADMIN, input))
    expect(created.secret).toMatch(/^[0-9a-f]{64}$/)
    const renamed = expectOk<any>(await h.runtime.call('bookcase', ADMIN, { ...input, name: '市总工会书柜' }))
    expect(renamed).not.toHaveProperty('secret')

    const book = {
      action: 'registerBook',
      tag: 'E2806894NEW1',
      isbn: '9787020002207',
      title: '红楼梦',
      author: '曹雪芹',
      cabinetId: 'cabinet-3',
      door: 2,
    }
    expect(await h.runtime.call('bookcase', ADMIN, { ...book, isbn: 'abc' })).toMatchObject({
      ok: false,
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('ISBN'),
    })
    expect(expectOk<any>(await h.runtime.call('bookcase', ADMIN, book))).toMatchObject({
      status: 'shelved',
      cabinetId: 'cabinet-3',
      door: 2,
    })
    expectOk(await h.runtime.call('bookcase', ADMIN, book))
    const cabinet = expectOk<any>(await h.runtime.call('bookcase', 'local-volunteer-1', { action: 'cabinet', cabinetId: 'cabinet-3' }))
    expect(cabinet).toMatchObject({ name: '市总工会书柜', online: false })
    expect(cabinet.doors.map((d: any) => d.books.map((b: any) => b.title))).toEqual([[], ['红楼梦']])
  })

  test('a tag found in a door as unknown becomes a book when registered; a book on loan cannot be re-registered', async () => {
    await h.payDeposit('local-volunteer-1')
    expectOk(await h.runtime.call('bookcase', 'local-volunteer-1', { action: 'openDoor', cabinetId: 'cabinet-1', door: 6 }))
    await h.simulator.put('cabinet-1', 6, 'E2806894NEW2')
    await h.simulator.close('cabinet-1', 6)
    expectOk(
      await h.runtime.call('bookcase', ADMIN, {
        action: 'registerBook',
        tag: 'E2806894NEW2',
        isbn: '9787020002214',
        title: '水浒传',
        author: '施耐庵',
        cabinetId: 'cabinet-1',
        door: 6,
      }),
    )
    const doors = expectOk<any>(await h.runtime.call('bookcase', ADMIN, { action: 'adminCabinets' }))[0].doors
    expect(doors[5]).toMatchObject({ books: 1, unknownTags: [] })

    await h.borrow('local-volunteer-1', 'cabinet-1', 1, [bookTag(0)])
    const again = await h.runtime.call('bookcase', ADMIN, {
      action: 'registerBook',
      tag: bookTag(0),
      isbn: '9787506365437',
      title: '活着',
      author: '余华',
    })
    expect(again).toMatchObject({ ok: false, code: 'CONFLICT' })
  })
})
