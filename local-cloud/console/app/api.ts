/** The console's calls to the dev controls (/__local/…): JSON in, `{ ok, data }` or the control's own answer out. */
import { useCallback, useEffect, useRef, useState } from 'react'

export class ControlError extends Error {}

async function answerOf(response: Response): Promise<any> {
  const body = await response.json().catch(() => null)
  if (!response.ok || body?.ok === false) throw new ControlError(body?.message ?? `请求失败（HTTP ${response.status}）`)
  return body && typeof body === 'object' && 'data' in body && body.ok === true ? body.data : body
}

export const control = {
  get: (route: string) => fetch(`/__local/${route}`).then(answerOf),
  post: (route: string, body: Record<string, unknown> = {}) =>
    fetch(`/__local/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(
      answerOf,
    ),
}

/** Polls a control while the component is shown; `refresh()` asks again at once (after an action). */
export function usePoll<T>(load: () => Promise<T>, everyMs: number): { data: T | undefined; error: string | null; refresh: () => void } {
  const [data, setData] = useState<T>()
  const [error, setError] = useState<string | null>(null)
  const loadRef = useRef(load)
  loadRef.current = load
  const refresh = useCallback(() => {
    loadRef.current().then(
      (value) => {
        setData(value)
        setError(null)
      },
      (failure: Error) => setError(failure.message),
    )
  }, [])
  useEffect(() => {
    refresh()
    const timer = setInterval(refresh, everyMs)
    return () => clearInterval(timer)
  }, [refresh, everyMs])
  return { data, error, refresh }
}

/** Runs a control action, reporting a refusal in the console's message line. */
export function useAction(onDone: () => void, report: (message: string | null) => void) {
  return useCallback(
    async (work: () => Promise<unknown>) => {
      try {
        await work()
        report(null)
      } catch (failure) {
        report((failure as Error).message)
      } finally {
        onDone()
      }
    },
    [onDone, report],
  )
}

/** Shanghai wall time of an instant: what the product's business days use. */
export function shanghai(instant: string | number | Date, withSeconds = true): string {
  const date = new Date(instant)
  if (Number.isNaN(date.getTime())) return String(instant)
  const text = new Date(date.getTime() + 8 * 3600_000).toISOString().replace('T', ' ')
  return withSeconds ? text.slice(0, 19) : text.slice(0, 16)
}

export const yuan = (fen: number) => `${(fen / 100).toFixed(2).replace(/\.00$/, '')} 元`
