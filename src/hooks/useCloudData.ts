import { useCallback, useEffect, useRef, useState } from 'react'
import { errorText } from '../services/cloud'
import { useScreenRefresh } from './useScreenRefresh'

export type LoadState<T> = { status: 'loading' } | { status: 'ready'; data: T } | { status: 'error'; message: string }

export interface CloudDataOptions {
  /** Reload when the page is shown again and on pull-down (default); forms turn it off so typing is never lost. */
  refresh?: boolean
}

/**
 * Loads on mount, on `reload()`, when the page is shown again and on pull-down; a late answer from an
 * earlier load never overwrites a newer one. A reload keeps showing the current data until the new
 * answer arrives (no flash of "加载中"); `set` shows what an action answered at once.
 */
export function useCloudData<T>(
  load: () => Promise<T>,
  deps: unknown[] = [],
  options: CloudDataOptions = {},
): [LoadState<T>, () => void, (data: T) => void] {
  const [state, setState] = useState<LoadState<T>>({ status: 'loading' })
  const generation = useRef(0)
  const inFlight = useRef<Promise<void> | null>(null)
  const run = useCallback(() => {
    const mine = ++generation.current
    setState((current) => (current.status === 'ready' ? current : { status: 'loading' }))
    const loading = load().then(
      (data) => {
        if (mine === generation.current) setState({ status: 'ready', data })
      },
      (error) => {
        if (mine === generation.current) setState({ status: 'error', message: errorText(error) })
      },
    )
    inFlight.current = loading
    void loading.finally(() => {
      if (inFlight.current === loading) inFlight.current = null
    })
    return loading
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps)
  useEffect(() => {
    void run()
  }, [run])
  // Shown or pulled while a load runs: that load's answer is fresh enough.
  useScreenRefresh(() => inFlight.current ?? run(), options.refresh !== false)
  const reload = useCallback(() => void run(), [run])
  const set = useCallback((data: T) => {
    // An action's answer is newer than any load still on its way.
    generation.current++
    setState({ status: 'ready', data })
  }, [])
  return [state, reload, set]
}
