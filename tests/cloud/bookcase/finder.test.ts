/**
 * 附近书柜 (issue 15): cabinets nearest first from the worker's position (by name without one), each
 * with the online state and the count of books the cabinet page shows; bad coordinates change
 * nothing; the DB requests stay the same however many cabinets (up to a page of 100) and books.
 */
import { BOOKS, CABINETS } from '../../../functions/bookcase/records'
import { createBookcase, expectOk, type Bookcase } from './support'

let bookcase: Bookcase
beforeEach(async () => {
  bookcase = await createBookcase()
})
afterEach(() => bookcase.runtime.close())

const WUSI_SQUARE = { latitude: 36.061, longitude: 120.384 }
const QINGDAO_STATION = { latitude: 36.0652, longitude: 120.3128 }

const call = (data: Record<string, unknown>) => bookcase.runtime.call<any>('bookcase', 'local-worker', { action: 'cabinets', ...data })
const cabinets = async (data: Record<string, unknown> = {}) => expectOk<any>(await call(data))
const db = () => bookcase.runtime.cloud.sdkFor({ OPENID: '', SOURCE: 'test' }).database()

/** What the cabinet page shows: its online state and the books behind its doors. */
async function cabinetPage(cabinetId: string) {
  const page = expectOk<any>(await bookcase.runtime.call('bookcase', 'local-worker', { action: 'cabinet', cabinetId }))
  return { online: page.online, available: page.doors.reduce((sum: number, door: any) => sum + door.books.length, 0) }
}

test('nearest first from where the worker stands, in rounded metres', async () => {
  const fromSquare = await cabinets({ position: WUSI_SQUARE })
  expect(fromSquare.sortedBy).toBe('distance')
  expect(fromSquare.items.map((c: any) => c.cabinetId)).toEqual(['cabinet-1', 'cabinet-2'])
  const [near, far] = fromSquare.items
  expect(near).toMatchObject({ name: '五四广场站职工书柜', place: expect.stringContaining('五四广场站') })
  // Haversine on a 6 371 008.8 m sphere, worked out by hand: 601.9 m and 6 504.3 km.
  expect([near.distance, far.distance]).toEqual([602, 6504])

  const fromStation = await cabinets({ position: QINGDAO_STATION })
  expect(fromStation.items.map((c: any) => [c.cabinetId, c.distance < 1000])).toEqual([
    ['cabinet-2', true],
    ['cabinet-1', false],
  ])
  // Both cabinets' own positions travel with them (the map's markers).
  expect(fromStation.items[0].position).toEqual({ latitude: 36.0649, longitude: 120.3118 })
})

test('without a position: every cabinet by name, no distances', async () => {
  const answer = await cabinets()
  expect(answer.sortedBy).toBe('name')
  // 青 (qīng) before 五 (wǔ) in pinyin order.
  expect(answer.items.map((c: any) => [c.name, c.distance])).toEqual([
    ['青岛站职工书柜', null],
    ['五四广场站职工书柜', null],
  ])
})

test('online and books available agree with each cabinet page, after a loan and a cabinet going quiet', async () => {
  const counts = async () => {
    const { items } = await cabinets({ position: WUSI_SQUARE })
    return Object.fromEntries(items.map((c: any) => [c.cabinetId, { online: c.online, available: c.available }]))
  }
  expect(await counts()).toEqual({ 'cabinet-1': await cabinetPage('cabinet-1'), 'cabinet-2': await cabinetPage('cabinet-2') })
  expect((await counts())['cabinet-1']).toEqual({ online: true, available: 10 })

  const { doors } = expectOk<any>(await bookcase.runtime.call('bookcase', 'local-worker', { action: 'cabinet', cabinetId: 'cabinet-1' }))
  await bookcase.payDeposit('local-worker')
  await bookcase.borrow('local-worker', 'cabinet-1', 1, [doors[0].books[0].tag])
  await bookcase.simulator.setOnline('cabinet-2', false)
  await bookcase.advance(3 * 60 * 1000)

  const after = await counts()
  expect(after).toEqual({ 'cabinet-1': { online: true, available: 9 }, 'cabinet-2': { online: false, available: 10 } })
  expect(after).toEqual({ 'cabinet-1': await cabinetPage('cabinet-1'), 'cabinet-2': await cabinetPage('cabinet-2') })
})

test('pages through the sorted list; a cabinet without coordinates comes after those with', async () => {
  await db()
    .collection(CABINETS)
    .doc('cabinet-0')
    .set({ data: { name: '阿里山职工书柜', place: '未标注位置', lastSeenAt: null, doorCount: 1, secret: 'x', createdAt: new Date() } })
  const first = await cabinets({ position: QINGDAO_STATION, pageSize: 2 })
  expect([first.items.map((c: any) => c.cabinetId), first.hasMore]).toEqual([['cabinet-2', 'cabinet-1'], true])
  const second = await cabinets({ position: QINGDAO_STATION, pageSize: 2, offset: 2 })
  expect([second.items, second.hasMore]).toEqual([
    [
      {
        cabinetId: 'cabinet-0',
        name: '阿里山职工书柜',
        place: '未标注位置',
        position: null,
        distance: null,
        online: false,
        available: 0,
      },
    ],
    false,
  ])
})

test('an admin places a cabinet with its coordinates; the finder measures to it', async () => {
  const saved = await bookcase.runtime.call('bookcase', 'local-admin', {
    action: 'saveCabinet',
    cabinetId: 'cabinet-3',
    name: '台东职工书柜',
    place: '台东步行街 工会驿站',
    doors: 2,
    capacity: 4,
    position: { latitude: 36.0876, longitude: 120.3556 },
  })
  expectOk(saved)
  const { items } = await cabinets({ position: { latitude: 36.0876, longitude: 120.3556 } })
  expect(items[0]).toMatchObject({ cabinetId: 'cabinet-3', distance: 0, available: 0 })
  // Saving it again without coordinates (renaming) keeps where it stands.
  expectOk(
    await bookcase.runtime.call('bookcase', 'local-admin', {
      action: 'saveCabinet',
      cabinetId: 'cabinet-3',
      name: '台东书柜',
      place: '台东步行街',
      doors: 2,
      capacity: 4,
    }),
  )
  expect((await cabinets({ position: { latitude: 36.0876, longitude: 120.3556 } })).items[0]).toMatchObject({
    name: '台东书柜',
    distance: 0,
  })
})

test.each([
  ['latitude above 90', { latitude: 90.5, longitude: 120 }, '位置 · 纬度'],
  ['longitude below -180', { latitude: 36, longitude: -180.01 }, '位置 · 经度'],
  ['text instead of a number', { latitude: '36.06', longitude: 120.38 }, '位置 · 纬度'],
  ['a missing longitude', { latitude: 36.06 }, '位置 · 经度'],
])('bad coordinates (%s) are refused with a Chinese message and nothing is written', async (_case, bad, field) => {
  bookcase.runtime.calls.clear()
  const answer = await call({ position: bad })
  expect(answer).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT', message: expect.stringContaining(field) })
  const [logged] = bookcase.runtime.calls.list()
  expect(logged.db).toMatchObject({ reads: 0, writes: 0, transaction: 0 })

  const saved = await bookcase.runtime.call<any>('bookcase', 'local-admin', {
    action: 'saveCabinet',
    cabinetId: 'cabinet-9',
    name: '错误坐标书柜',
    place: '某处',
    doors: 1,
    capacity: 4,
    position: bad,
  })
  expect(saved).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' })
  expect((await db().collection(CABINETS).where({ _id: 'cabinet-9' }).count()).total).toBe(0)
})

describe('DB requests', () => {
  /** DB requests of one finder call, and its answer. */
  async function cost(data: Record<string, unknown>) {
    bookcase.runtime.calls.clear()
    const answer = await cabinets(data)
    const [logged] = bookcase.runtime.calls.list()
    return { answer, db: logged.db }
  }

  /** `count` more cabinets around Qingdao, each with `books` books on its shelves. */
  async function addCabinets(count: number, books: number) {
    const at = bookcase.runtime.clock.now()
    for (let i = 0; i < count; i++) {
      const cabinetId = `extra-${String(i).padStart(3, '0')}`
      await db()
        .collection(CABINETS)
        .doc(cabinetId)
        .set({
          data: {
            name: `职工书柜 ${i}`,
            place: `站点 ${i}`,
            position: { latitude: 36 + i / 1000, longitude: 120.2 + i / 1000 },
            lastSeenAt: at,
            doorCount: 1,
            secret: 'x',
            createdAt: at,
          },
        })
      for (let b = 0; b < books; b++)
        await db()
          .collection(BOOKS)
          .doc(`${cabinetId}-${b}`)
          .set({
            data: {
              isbn: '9787506365437',
              title: '活着',
              author: '余华',
              cover: '',
              status: 'shelved',
              cabinetId,
              door: 1,
              loanId: null,
              registeredAt: at,
            },
          })
    }
  }

  test('the same two requests for 2 cabinets with 20 books as for 97 more with 1 940 more books', async () => {
    const small = await cost({ position: WUSI_SQUARE })
    expect(small.db).toEqual({ reads: 2, writes: 0, transaction: 0 })

    await addCabinets(97, 20)
    const large = await cost({ position: WUSI_SQUARE, pageSize: 50 })
    expect(large.db).toEqual(small.db)
    expect(large.answer.items).toHaveLength(50)
    expect(large.answer.items.filter((c: any) => c.cabinetId.startsWith('extra-')).every((c: any) => c.available === 20)).toBe(true)
    const distances = large.answer.items.map((c: any) => c.distance)
    expect(distances).toEqual([...distances].sort((a, b) => a - b))
  }, 60_000)

  test('past 100 cabinets, one more read per hundred: the last of 250 is still found', async () => {
    await addCabinets(248, 1)
    const { answer, db: requests } = await cost({ position: { latitude: 36.247, longitude: 120.447 }, pageSize: 1 })
    expect(requests).toEqual({ reads: 4, writes: 0, transaction: 0 })
    expect(answer.items[0]).toMatchObject({ cabinetId: 'extra-247', distance: 0, available: 1 })
  }, 60_000)
})
