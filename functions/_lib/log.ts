/** Structured logs: one JSON line per event, which CloudBase's log search can filter by field. */
export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void
  error(event: string, fields?: Record<string, unknown>): void
}

export function createLogger(fn: string): Logger {
  const write = (level: string, event: string, fields?: Record<string, unknown>) => {
    if (process.env.CLOUD_LOG === 'silent') return
    const line = JSON.stringify({ level, fn, event, ...fields })
    if (level === 'error') console.error(line)
    else console.log(line)
  }
  return {
    info: (event, fields) => write('info', event, fields),
    error: (event, fields) => write('error', event, fields),
  }
}
