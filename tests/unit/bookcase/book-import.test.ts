/** The book import's checks, row by row, without a database. */
import { checkIsbn, isbn13 } from '../../../domain/bookcase/isbn'
import { mapHeader, previewImport, type ImportWorld } from '../../../domain/bookcase/bookImport'

describe('ISBN check digits', () => {
  test.each([
    ['9787506365437', true],
    ['978-7-5302-1678-1', true],
    ['0306406152', true],
    ['080442957X', true],
    ['080442957x', true],
    ['9787506365438', false],
    ['0306406153', false],
  ])('%s → %s', (isbn, ok) => {
    expect(checkIsbn(isbn).ok).toBe(ok)
  })

  test('format errors are told apart from wrong check digits', () => {
    expect(checkIsbn('12345')).toEqual({ ok: false, reason: 'FORMAT' })
    expect(checkIsbn('9787506365438')).toEqual({ ok: false, reason: 'CHECKSUM' })
    expect(checkIsbn(isbn13('978730200001')).ok).toBe(true)
  })
})

describe('headers', () => {
  test('Chinese or English, in any order; missing required columns are named', () => {
    expect(mapHeader(['Title', '标签', 'ISBN', '作者'])).toMatchObject({ title: 0, tag: 1, isbn: 2, author: 3 })
    expect(() => mapHeader(['标签', 'ISBN'])).toThrow('表头缺少：书名、作者')
  })
})

describe('preview', () => {
  const world = (): ImportWorld => ({
    cabinets: new Map([['c1', 2]]),
    doors: new Map([
      ['c1-1', { capacity: 2, tags: ['OLD1'], unknownTags: ['STRAY'] }],
      ['c1-2', { capacity: 5, tags: [], unknownTags: [] }],
    ]),
    books: new Map([['OLD1', { tag: 'OLD1', isbn: '9787506365437', title: '活着', author: '余华', cabinetId: 'c1', door: 1 }]]),
  })
  const header = ['标签', 'ISBN', '书名', '作者', '书柜', '柜门']

  test('a stray tag already inside a full door still fits; the next book does not', () => {
    const preview = previewImport(
      [
        header,
        ['STRAY', '9787506365437', '甲', '某', 'c1', '1'],
        ['NEW1', '9787506365437', '乙', '某', 'c1', '1'],
        ['NEW2', '9787506365437', '丙', '某', 'c1', '1'],
      ],
      world(),
    )
    expect(preview.rows.map((r) => r.tag)).toEqual(['STRAY'])
    expect(preview.errors.map((e) => [e.row, e.errors[0].kind])).toEqual([
      [3, 'DOOR_FULL'],
      [4, 'DOOR_FULL'],
    ])
  })

  test('a registered book as it is counts as unchanged; placed elsewhere or renamed it is refused', () => {
    const preview = previewImport(
      [header, ['OLD1', '9787506365437', '活着', '余华', '', ''], ['OLD1', '9787506365437', '活着', '余华', 'c1', '2']],
      world(),
    )
    expect(preview.unchanged).toBe(0)
    expect(preview.errors.every((e) => e.errors[0].kind === 'DUPLICATE_TAG')).toBe(true)
    const again = previewImport([header, ['OLD1', '9787506365437', '活着', '余华', '', '']], world())
    expect(again).toMatchObject({ unchanged: 1, rows: [], errors: [] })
    const moved = previewImport([header, ['OLD1', '9787506365437', '活着', '余华', 'c1', '2']], world())
    expect(moved.errors[0].errors[0].kind).toBe('TAG_TAKEN')
  })

  test('every problem of a row is listed, with the place problems in words', () => {
    const preview = previewImport(
      [
        header,
        ['bad tag!', '123', '', '', 'c1', ''],
        ['T2', '9787506365437', '书', '人', 'c9', '1'],
        ['T3', '9787506365437', '书', '人', 'c1', '7'],
      ],
      world(),
    )
    expect(preview.errors[0].errors.map((e) => e.kind)).toEqual(['TAG_INVALID', 'ISBN_FORMAT', 'TITLE', 'AUTHOR', 'PLACE_INCOMPLETE'])
    expect(preview.errors[1].errors[0].message).toBe('书柜不存在：c9')
    expect(preview.errors[2].errors[0].message).toBe('柜门不存在：c1 共 2 个柜门')
  })
})
