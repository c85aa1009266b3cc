/** Demo bookcases (CONTRACT.md: cabinet-1 and cabinet-2), online, placed (GCJ-02), with registered books in their doors. */
import { randomBytes } from 'node:crypto'
import type { Database } from '../../functions/_lib/sdk'
import { BOOKS, CABINETS, CABINET_DOORS, type BookRecord, type CabinetRecord, type DoorRecord } from '../../functions/bookcase/records'

const DOOR_CAPACITY = 4
const DOORS_PER_CABINET = 6

const cabinets = [
  {
    _id: 'cabinet-1',
    name: '五四广场站职工书柜',
    place: '地铁3号线 五四广场站 B 口站厅',
    position: { latitude: 36.0654, longitude: 120.3801 },
  },
  { _id: 'cabinet-2', name: '青岛站职工书柜', place: '青岛站 候车大厅 2 号检票口旁', position: { latitude: 36.0649, longitude: 120.3118 } },
]

/** [title, author, ISBN] — two per door, filling cabinet-1 then cabinet-2, door by door. */
const titles: [string, string, string][] = [
  ['活着', '余华', '9787506365437'],
  ['平凡的世界', '路遥', '9787530216781'],
  ['三体', '刘慈欣', '9787536692930'],
  ['围城', '钱钟书', '9787020090006'],
  ['解忧杂货店', '东野圭吾', '9787544211895'],
  ['乡土中国', '费孝通', '9787101147650'],
  ['白鹿原', '陈忠实', '9787020108138'],
  ['人间烟火', '汪曾祺', '9787539965321'],
  ['百年孤独', '加西亚·马尔克斯', '9787544784658'],
  ['朝花夕拾', '鲁迅', '9787020046874'],
  ['追风筝的人', '卡勒德·胡赛尼', '9787544246958'],
  ['劳动者的诗篇', '中华全国总工会 编', '9787200130119'],
  ['人工智能通识', '王飞跃', '9787302085478'],
  ['心理健康十五讲', '李明', '9787561305621'],
  ['红星照耀中国', '埃德加·斯诺', '9787020156177'],
  ['大国工匠', '新华社 编', '9787513312318'],
  ['我与地坛', '史铁生', '9787020090013'],
  ['长安的荔枝', '马伯庸', '9787572602788'],
  ['蛙', '莫言', '9787533951757'],
  ['人世间', '梁晓声', '9787520705745'],
]

export const bookTag = (index: number) => `E2806894${String(index + 1).padStart(4, '0')}`

/** `secret`: every cabinet's HMAC secret; undefined gives each cabinet a random one (nobody can guess). */
export async function seedBookcase(db: Database, now: Date, secret?: string): Promise<void> {
  let next = 0
  for (const cabinet of cabinets) {
    const record: Omit<CabinetRecord, '_id'> = {
      name: cabinet.name,
      place: cabinet.place,
      position: cabinet.position,
      lastSeenAt: now,
      doorCount: DOORS_PER_CABINET,
      secret: secret ?? randomBytes(32).toString('hex'),
      createdAt: now,
    }
    await db.collection(CABINETS).doc(cabinet._id).set({ data: record })
    for (let door = 1; door <= DOORS_PER_CABINET; door++) {
      // The last door of each cabinet is left empty, for returns.
      const books = door < DOORS_PER_CABINET ? titles.slice(next, next + 2) : []
      const tags = books.map((_, offset) => bookTag(next + offset))
      for (const [offset, [title, author, isbn]] of books.entries()) {
        const book: Omit<BookRecord, '_id'> = {
          isbn,
          title,
          author,
          cover: '',
          status: 'shelved',
          cabinetId: cabinet._id,
          door,
          loanId: null,
          registeredAt: now,
        }
        await db.collection(BOOKS).doc(tags[offset]).set({ data: book })
      }
      next += books.length
      const doorRecord: Omit<DoorRecord, '_id'> = {
        cabinetId: cabinet._id,
        door,
        capacity: DOOR_CAPACITY,
        tags,
        unknownTags: [],
        open: false,
        sessionId: null,
        heldUntil: new Date(0),
      }
      await db.collection(CABINET_DOORS).doc(`${cabinet._id}-${door}`).set({ data: doorRecord })
    }
  }
}
