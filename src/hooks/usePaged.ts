import { useCallback, useEffect, useRef, useState } from 'react'
import { errorText } from '../services/cloud'

export interface Paged<T> {
  items: T[]
  hasMore: boolean
  status: 'loading' | 'ready' | 'error'
  error: string
  reload(): void
  loadMore(): void
  /** Replaces the loaded items that `match` picks by what `change` makes of them (a row an action answered). */
  update(match: (item: T) => boolean, change: (item: T) => T): void
}

/** A paginated list: `reload` starts over, `loadMore` appends the next page (one request at a time). */
export function usePaged<T>(fetch: (offset: number) => Promise<{ items: T[]; hasMore: boolean }>, deps: unknown[]): Paged<T> {
  const [items, setItems] = useState<T[]>([])
  const [hasMore, setHasMore] = useState(false)
  const [status, setStatus] = useState<Paged<T>['status']>('loading')
  const [error, setError] = useState('')
  const generation = useRef(0)
  const busy = useRef(false)
  const loaded = useRef<T[]>([])

  const run = useCallback(
    (reset: boolean) => {
      if (busy.current && !reset) return
      const mine = reset ? ++generation.current : generation.current
      busy.current = true
      if (reset) {
        loaded.current = []
        setStatus('loading')
      }
      fetch(loaded.current.length).then(
        (page) => {
          if (mine !== generation.current) return
          busy.current = false
          loaded.current = [...loaded.current, ...page.items]
          setItems(loaded.current)
          setHasMore(page.hasMore)
          setStatus('ready')
        },
        (failure) => {
          if (mine !== generation.current) return
          busy.current = false
          setError(errorText(failure))
          setStatus('error')
        },
      )
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    deps,
  )
  useEffect(() => run(true), [run])
  const update = (match: (item: T) => boolean, change: (item: T) => T) => {
    loaded.current = loaded.current.map((item) => (match(item) ? change(item) : item))
    setItems(loaded.current)
  }
  return { items, hasMore, status, error, reload: () => run(true), loadMore: () => hasMore && run(false), update }
}
