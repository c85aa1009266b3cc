import fs from 'node:fs'
import path from 'node:path'
import type { Clock } from '../functions/_lib/clock'

/**
 * The local cloud's one clock: real time shifted by an offset that the dev controls set or advance,
 * so "20 days later" is one call. The offset persists with the data.
 */
export interface DevClock extends Clock {
  set(at: Date): void
  advance(ms: number): void
  reset(): void
  offsetMs(): number
}

export function createDevClock(dataDir?: string): DevClock {
  const file = dataDir ? path.join(dataDir, 'clock.json') : undefined
  let offset = 0
  if (file && fs.existsSync(file)) offset = Number(JSON.parse(fs.readFileSync(file, 'utf8')).offsetMs) || 0
  const save = () => {
    if (file) fs.writeFileSync(file, JSON.stringify({ offsetMs: offset }))
  }
  return {
    now: () => new Date(Date.now() + offset),
    set(at) {
      offset = at.getTime() - Date.now()
      save()
    },
    advance(ms) {
      offset += ms
      save()
    },
    reset() {
      offset = 0
      save()
    },
    offsetMs: () => offset,
  }
}
