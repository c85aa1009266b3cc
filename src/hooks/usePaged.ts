import { useCallback, useEffect, useRef, useState } from 'react'
import { errorText } from '../services/cloud'
import { useScreenRefresh } from './useScreenRefresh'

export interface Paged<T> {
  items: T[]
  hasMore: boolean
  status: 'loading' | 'ready' | 'error'
  error: string
  reload(): void
  loadMore(): void
  /** Reads the first page again, keeping the current items on screen meanwhile. */
  refresh(): Promise<void>
  /** Shows an action's answer at once, e.g. one entry replaced by its new state. */
  update(change: (items: T[]) => T[]): void
}

/**
 * A paginated list: `reload` starts over, `loadMore` appends the next page (one request at a time).
 * It starts over by itself when the page is shown again and on pull-down, keeping the current items
 * on screen until the first page arrives.
 */
export function usePaged<T>(fetch: (offset: number) => Promise<{ items: T[]; hasMore: boolean }>, deps: unknown[]): Paged<T> {
  const [items, setItems] = useState<T[]>([])
  const [hasMore, setHasMore] = useState(false)
  const [status, setStatus] = useState<Paged<T>['status']>('loading')
  const [error, setError] = useState('')
  const generation = useRef(0)
  const busy = useRef(false)
  const loaded = useRef<T[]>([])
  const firstPage = useRef<Promise<void> | null>(null)

  const run = useCallback(
    (reset: boolean, quietly = false): Promise<void> => {
      if (busy.current && !reset) return Promise.resolve()
      const mine = reset ? ++generation.current : generation.current
      busy.current = true
      if (reset && !quietly) setStatus('loading')
      const offset = reset ? 0 : loaded.current.length
      const loading = fetch(offset).then(
        (page) => {
          if (mine !== generation.current) return
          busy.current = false
          loaded.current = reset ? page.items : [...loaded.current, ...page.items]
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
      if (reset) {
        firstPage.current = loading
        void loading.finally(() => {
          if (firstPage.current === loading) firstPage.current = null
        })
      }
      return loading
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    deps,
  )
  useEffect(() => {
    void run(true)
  }, [run])
  // Shown or pulled while the first page is on its way: that answer is fresh enough.
  const refresh = () => firstPage.current ?? run(true, true)
  useScreenRefresh(refresh)
  const update = useCallback((change: (items: T[]) => T[]) => {
    loaded.current = change(loaded.current)
    setItems(loaded.current)
  }, [])
  return { items, hasMore, status, error, reload: () => void run(true), loadMore: () => hasMore && void run(false), refresh, update }
}
