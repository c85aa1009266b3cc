/** What the fault tests read from the actions' own schemas: a valid sample of any input. */
import type { Schema } from '../../../functions/_lib/schema'

export type Introspected = Schema<unknown> & {
  shape?: Record<string, Schema<unknown>>
  values?: readonly unknown[]
  item?: Schema<unknown>
  min?: number
}

const SOON = Date.UTC(2027, 2, 3, 1)

/** A value the schema accepts, found from its description or by trying common shapes; undefined if none. */
export function sample(schema: Introspected): unknown {
  const accepts = (value: unknown) => {
    try {
      schema.parse(value, '')
      return true
    } catch {
      return false
    }
  }
  let candidates: unknown[] = ['sample-1', SOON, 1, 2027, true, '2027-03-03', '2027-03', '09:00', '13800000001', '']
  if (schema.shape)
    candidates = [
      Object.fromEntries(Object.entries(schema.shape).flatMap(([key, field]) => (field.optional ? [] : [[key, sample(field)]]))),
    ]
  else if (schema.values) candidates = [schema.values[0]]
  else if (schema.item) candidates = [Array.from({ length: schema.min ?? 0 }, () => sample(schema.item!))]
  return candidates.find(accepts)
}
