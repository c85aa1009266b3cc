import { useRef } from 'react'
import Taro from '@tarojs/taro'

/**
 * What every screen owes its person (PRODUCT.md, "How the screens behave"): when the page is shown
 * (back from another page, back from the background) and when they pull down, it asks the cloud
 * again. `refresh` answers the load still on its way when there is one, so the first show, which
 * comes while the mount's own load runs, asks nothing twice.
 */
export function useScreenRefresh(refresh: () => Promise<unknown>, enabled = true): void {
  const latest = useRef(refresh)
  latest.current = refresh
  Taro.useDidShow(() => {
    if (enabled) void latest.current()
  })
  Taro.usePullDownRefresh(() => {
    const done = () => Taro.stopPullDownRefresh()
    if (!enabled) return done()
    latest.current().then(done, done)
  })
}

/** Runs `load`, or joins the run still on its way. */
export function useJoinedLoad(load: () => Promise<void>): () => Promise<void> {
  const running = useRef<Promise<void> | null>(null)
  const latest = useRef(load)
  latest.current = load
  const joined = useRef(() => {
    if (!running.current) {
      const settle = () => {
        running.current = null
      }
      running.current = latest.current().finally(settle)
    }
    return running.current
  })
  return joined.current
}
