/** The cabinet simulator for every bookcase: doors and their tags, take / put / close, offline and faults. */
import { useState } from 'react'
import { control, usePoll } from './api'

interface Door {
  door: number
  open: boolean
  tags: string[]
  commandId: string | null
}

interface Cabinet {
  cabinetId: string
  online: boolean
  mode: 'normal' | 'unresponsive' | 'failOpen'
  queued: number
  doors: Door[]
}

interface SimulatorState {
  cabinets: Cabinet[]
  booksOnLoan: { tag: string; title: string }[]
}

const MODES = [
  { value: 'normal', label: '正常' },
  { value: 'unresponsive', label: '收到开门指令不响应' },
  { value: 'failOpen', label: '开门失败（锁故障）' },
]

interface Titles {
  books: Record<string, string>
  cabinets: Record<string, string>
}

async function loadTitles(): Promise<Titles> {
  const [books, cabinets] = await Promise.all([
    control.get('data/query?collection=books&limit=100'),
    control.get('data/query?collection=cabinets&limit=100'),
  ])
  return {
    books: Object.fromEntries(books.documents.map((book: any) => [book._id, book.title])),
    cabinets: Object.fromEntries(cabinets.documents.map((cabinet: any) => [cabinet._id, cabinet.name])),
  }
}

function DoorCard({
  cabinetId,
  door,
  titles,
  onLoan,
  act,
}: {
  cabinetId: string
  door: Door
  titles: Titles
  onLoan: SimulatorState['booksOnLoan']
  act: Act
}) {
  const [putTag, setPutTag] = useState('')
  const title = (tag: string) => titles.books[tag] ?? '未登记的标签'
  return (
    <div className={`door ${door.open ? 'door--open' : ''}`} data-testid={`door-${cabinetId}-${door.door}`}>
      <div className='door__head'>
        <strong>{door.door} 号门</strong>
        <span className={`badge ${door.open ? 'badge--warn' : ''}`}>{door.open ? '已打开' : '已关闭'}</span>
      </div>
      <ul className='door__tags'>
        {door.tags.length === 0 && <li className='muted'>空</li>}
        {door.tags.map((tag) => (
          <li key={tag}>
            <span className='door__book'>{title(tag)}</span>
            <span className='mono muted small'>{tag}</span>
            {door.open && (
              <button className='button button--small' onClick={() => act('cabinets/take', { cabinetId, door: door.door, tag })}>
                取出
              </button>
            )}
          </li>
        ))}
      </ul>
      {door.open && (
        <div className='door__actions'>
          <input
            className='input input--grow'
            list={`books-on-loan-${cabinetId}-${door.door}`}
            placeholder='放入标签'
            title='借出的书（可选）或任意 RFID 标签'
            value={putTag}
            onChange={(event) => setPutTag(event.target.value)}
          />
          <datalist id={`books-on-loan-${cabinetId}-${door.door}`}>
            {onLoan.map((book) => (
              <option key={book.tag} value={book.tag}>
                {book.title}
              </option>
            ))}
          </datalist>
          <button
            className='button button--small'
            disabled={!putTag.trim()}
            onClick={() => act('cabinets/put', { cabinetId, door: door.door, tag: putTag.trim() }).then(() => setPutTag(''))}
          >
            放入
          </button>
          <button className='button button--small button--primary' onClick={() => act('cabinets/close', { cabinetId, door: door.door })}>
            关门
          </button>
        </div>
      )}
    </div>
  )
}

type Act = (route: string, body: Record<string, unknown>) => Promise<void>

export function CabinetsPanel({ report }: { report: (message: string | null) => void }) {
  const state = usePoll<SimulatorState>(() => control.get('cabinets'), 1500)
  const titles = usePoll<Titles>(loadTitles, 10_000)

  const act: Act = async (route, body) => {
    try {
      await control.post(route, body)
      report(null)
    } catch (failure) {
      report((failure as Error).message)
    }
    state.refresh()
  }

  const known = titles.data ?? { books: {}, cabinets: {} }
  const onLoan = state.data?.booksOnLoan ?? []
  return (
    <section className='section'>
      <p className='hint'>
        开门由小程序发起（开门借书 / 开门还书）；打开的门在这里取出、放入、关门。事件按书柜协议签名后发给
        cabinetGateway，离线时排队、上线后按顺序补发。
      </p>
      {(state.data?.cabinets ?? []).map((cabinet) => (
        <article className='cabinet' key={cabinet.cabinetId}>
          <header className='cabinet__head'>
            <div>
              <strong>{known.cabinets[cabinet.cabinetId] ?? cabinet.cabinetId}</strong>
              <span className='mono muted'> {cabinet.cabinetId}</span>
            </div>
            <span className={`badge ${cabinet.online ? 'badge--ok' : 'badge--error'}`}>{cabinet.online ? '在线' : '离线'}</span>
            {cabinet.queued > 0 && <span className='badge badge--warn'>{cabinet.queued} 条事件待上报</span>}
            <span className='grow' />
            <select
              className='select'
              aria-label={`${cabinet.cabinetId} 故障模拟`}
              value={cabinet.mode}
              onChange={(event) => act('cabinets/mode', { cabinetId: cabinet.cabinetId, mode: event.target.value })}
            >
              {MODES.map((mode) => (
                <option key={mode.value} value={mode.value}>
                  {mode.label}
                </option>
              ))}
            </select>
            <button className='button' onClick={() => act('cabinets/online', { cabinetId: cabinet.cabinetId, online: !cabinet.online })}>
              {cabinet.online ? '断开网络' : '恢复网络'}
            </button>
            <button
              className='button button--quiet'
              disabled={!cabinet.online}
              onClick={() => act('cabinets/heartbeat', { cabinetId: cabinet.cabinetId })}
            >
              发送心跳
            </button>
          </header>
          <div className='doors'>
            {cabinet.doors.map((door) => (
              <DoorCard key={door.door} cabinetId={cabinet.cabinetId} door={door} titles={known} onLoan={onLoan} act={act} />
            ))}
          </div>
        </article>
      ))}
      <h3>借出中的书（{onLoan.length}）</h3>
      <p className='muted'>{onLoan.length ? onLoan.map((book) => `《${book.title}》${book.tag}`).join('　') : '没有'}</p>
    </section>
  )
}
