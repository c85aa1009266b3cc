import { useCallback, useEffect, useRef, useState } from 'react'
import { errorText } from '../services/cloud'

export type LoadState<T> = { status: 'loading' } | { status: 'ready'; data: T } | { status: 'error'; message: string }

/**
 * Loads once on mount and on `reload()`; a late answer from an earlier load never overwrites a newer one.
 * `show(data)` puts in data an action answered (the view after it), without another call.
 */
export function useCloudData<T>(load: () => Promise<T>, deps: unknown[] = []): [LoadState<T>, () => void, (data: T) => void] {
  const [state, setState] = useState<LoadState<T>>({ status: 'loading' })
  const generation = useRef(0)
  const run = useCallback(() => {
    const mine = ++generation.current
    setState({ status: 'loading' })
    load().then(
      (data) => mine === generation.current && setState({ status: 'ready', data }),
      (error) => mine === generation.current && setState({ status: 'error', message: errorText(error) }),
    )
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps)
  useEffect(run, [run])
  const show = useCallback((data: T) => {
    ++generation.current
    setState({ status: 'ready', data })
  }, [])
  return [state, run, show]
}
