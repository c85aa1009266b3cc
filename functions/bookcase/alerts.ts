/** Alerts of the bookcase for the admin: one per event, kind and tag, so an event applied again raises none twice. */
import type { ActionContext } from '../_lib/define'
import { isDuplicateKey } from '../_lib/documents'
import type { Transaction } from '../_lib/sdk'
import { BOOKCASE_ALERTS, type AlertDraft, type AlertRecord } from './records'

export type { AlertDraft, AlertKind, AlertRecord } from './records'

const alertRecord = (eventKey: string, alert: AlertDraft): AlertRecord => ({
  _id: `${eventKey}-${alert.kind}-${alert.tag ?? ''}`,
  ...alert,
  resolved: false,
})

export async function raiseAlertInTransaction(t: Transaction, eventKey: string, alert: AlertDraft): Promise<void> {
  await t.collection(BOOKCASE_ALERTS).add({ data: alertRecord(eventKey, alert) })
}

/** Outside a transaction: the same alert raised again (an event finished again) is already there. */
export async function raiseAlert(ctx: ActionContext, eventKey: string, alert: AlertDraft): Promise<void> {
  try {
    await ctx.db.collection(BOOKCASE_ALERTS).add({ data: alertRecord(eventKey, alert) })
  } catch (error) {
    if (!isDuplicateKey(error)) throw error
  }
}
