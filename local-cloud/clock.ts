import fs from 'node:fs'
import path from 'node:path'
import type { Clock } from '../functions/_lib/clock'

/**
 * The local cloud's one clock: real time shifted by an offset that the dev controls set or advance,
 * so "20 days later" is one call. Frozen, it stands still until set or advanced, so a test can
 * land on an exact duration. The state persists with the data.
 */
export interface DevClock extends Clock {
  set(at: Date): void
  advance(ms: number): void
  /** Stops the clock at its current time (true) or lets it run on from there (false). */
  freeze(frozen: boolean): void
  reset(): void
  offsetMs(): number
  frozen(): boolean
}

interface ClockState {
  offsetMs: number
  frozenAt: number | null
}

export function createDevClock(dataDir?: string): DevClock {
  const file = dataDir ? path.join(dataDir, 'clock.json') : undefined
  let state: ClockState = { offsetMs: 0, frozenAt: null }
  if (file && fs.existsSync(file)) {
    const saved = JSON.parse(fs.readFileSync(file, 'utf8'))
    state = { offsetMs: Number(saved.offsetMs) || 0, frozenAt: typeof saved.frozenAt === 'number' ? saved.frozenAt : null }
  }
  // Written whole (by rename): a kill mid-write must not leave a file the next start cannot read.
  const save = () => {
    if (!file) return
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(state))
    fs.renameSync(`${file}.tmp`, file)
  }
  const nowMs = () => state.frozenAt ?? Date.now() + state.offsetMs
  const moveTo = (at: number) => {
    if (state.frozenAt !== null) state.frozenAt = at
    else state.offsetMs = at - Date.now()
    save()
  }
  return {
    now: () => new Date(nowMs()),
    set: (at) => moveTo(at.getTime()),
    advance: (ms) => moveTo(nowMs() + ms),
    freeze(frozen) {
      const at = nowMs()
      state = frozen ? { ...state, frozenAt: at } : { offsetMs: at - Date.now(), frozenAt: null }
      save()
    },
    reset() {
      state = { offsetMs: 0, frozenAt: null }
      save()
    },
    offsetMs: () => nowMs() - Date.now(),
    frozen: () => state.frozenAt !== null,
  }
}
