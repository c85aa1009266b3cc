/** Structured logs: one JSON line per event, which CloudBase's log search can filter by field. */
export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void
  error(event: string, fields?: Record<string, unknown>): void
}

/** Fields the host adds to each function's `call` line (the local cloud: the call's DB request counts). */
let callLogFields: () => Record<string, unknown> | undefined = () => undefined

export function setCallLogFields(provider: () => Record<string, unknown> | undefined): void {
  callLogFields = provider
}

export function createLogger(fn: string): Logger {
  const write = (level: string, event: string, fields?: Record<string, unknown>) => {
    if (process.env.CLOUD_LOG === 'silent') return
    const line = JSON.stringify({ level, fn, event, ...fields, ...(event === 'call' ? callLogFields() : undefined) })
    if (level === 'error') console.error(line)
    else console.log(line)
  }
  return {
    info: (event, fields) => write('info', event, fields),
    error: (event, fields) => write('error', event, fields),
  }
}
