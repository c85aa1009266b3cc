/** A read-only look at the collections: counts, the latest documents, a where() query. */
import { useEffect, useState } from 'react'
import { control, usePoll } from './api'

interface Collection {
  name: string
  description: string
  count: number
  personalFields: string[]
}

interface QueryResult {
  total: number
  orderedBy: string
  documents: Record<string, unknown>[]
}

export function DataPanel() {
  const collections = usePoll<Collection[]>(() => control.get('data'), 5000)
  const [selected, setSelected] = useState('users')
  const [where, setWhere] = useState('')
  const [limit, setLimit] = useState(20)
  const [result, setResult] = useState<QueryResult | null>(null)
  const [error, setError] = useState<string | null>(null)

  const run = async (collection = selected, condition = where) => {
    try {
      const params = new URLSearchParams({ collection, where: condition, limit: String(limit) })
      setResult(await control.get(`data/query?${params}`))
      setError(null)
    } catch (failure) {
      setResult(null)
      setError((failure as Error).message)
    }
  }

  useEffect(() => {
    void run(selected, where)
    // a new collection or page size shows its latest documents at once
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selected, limit])

  const choose = (name: string) => {
    setWhere('')
    setSelected(name)
  }
  const current = collections.data?.find((c) => c.name === selected)

  return (
    <section className='data'>
      <aside className='data__list'>
        {(collections.data ?? []).map((collection) => (
          <button
            key={collection.name}
            className={`data__item ${collection.name === selected ? 'is-active' : ''}`}
            onClick={() => choose(collection.name)}
            title={collection.description}
          >
            <span className='mono'>{collection.name}</span>
            <span className='data__count'>{collection.count}</span>
          </button>
        ))}
      </aside>
      <div className='data__main'>
        <h3 className='data__title'>
          <span className='mono'>{selected}</span>
          <span className='muted'>{current?.description}</span>
        </h3>
        <form
          className='toolbar'
          onSubmit={(event) => {
            event.preventDefault()
            void run()
          }}
        >
          <span className='mono muted'>.where(</span>
          <input
            className='input input--grow mono'
            aria-label='查询条件'
            placeholder="{ status: 'onLoan', dueAt: _.lt(new Date('2026-12-01')) }"
            value={where}
            onChange={(event) => setWhere(event.target.value)}
          />
          <span className='mono muted'>)</span>
          <select className='select' value={limit} onChange={(event) => setLimit(Number(event.target.value))} aria-label='条数'>
            {[20, 50, 100].map((n) => (
              <option key={n} value={n}>
                最新 {n} 条
              </option>
            ))}
          </select>
          <button className='button button--primary' type='submit'>
            查询
          </button>
        </form>
        <p className='hint'>
          云数据库 where 语法：<code>_</code> 即 <code>db.command</code>（<code>_.gt(0)</code>、<code>_.in([…])</code>、
          <code>_.or([…])</code>），正则写作 <code>/活着/i</code>，时间写作 <code>new Date(&apos;2026-12-01&apos;)</code>。只读。
          {current?.personalFields.length ? ` 个人字段（${current.personalFields.join('、')}）只显示长度，也不能作为查询条件。` : ''}
        </p>
        {error && <p className='error'>{error}</p>}
        {result && (
          <>
            <p className='muted'>
              共 {result.total} 条符合，按 {result.orderedBy} 倒序显示 {result.documents.length} 条
            </p>
            {result.documents.map((doc) => (
              <details key={String(doc._id)} className='doc' open={result.documents.length <= 3}>
                <summary className='mono'>{String(doc._id)}</summary>
                <pre className='code'>{JSON.stringify(doc, null, 2)}</pre>
              </details>
            ))}
          </>
        )}
      </div>
    </section>
  )
}
