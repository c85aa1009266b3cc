import type { ActionContext } from './define'
import { isDuplicateKey } from './documents'

export const MESSAGES = 'messages'

export interface Notice {
  openid: string
  /** What happened, e.g. 'waitlistPromoted', 'dueSoon', 'bookingConfirmed'; also the subscription purpose. */
  kind: string
  title: string
  body: string
  /** Mini-program page the message opens. */
  page?: string
  /** Makes the notice idempotent: the same key is delivered once (timed triggers run twice at times). */
  key?: string
  /** Fields of the subscription message template for this kind, when one is configured. */
  templateData?: Record<string, string>
}

export interface MessageRecord {
  _id: string
  openid: string
  kind: string
  title: string
  body: string
  page: string | null
  read: boolean
  createdAt: Date
}

/**
 * Every notice lands in the in-app inbox; a subscription message is sent as well when a template is
 * configured for its kind (the mini-program asked for it at the user's action: domain/subscriptions.ts).
 * WeChat's one-time subscriptions may be refused or used up, so a failed send is logged, never an
 * error for the action that caused it.
 */
export async function notify(ctx: ActionContext, notice: Notice): Promise<boolean> {
  const data = {
    openid: notice.openid,
    kind: notice.kind,
    title: notice.title,
    body: notice.body,
    page: notice.page ?? null,
    read: false,
    createdAt: ctx.now,
  }
  try {
    await ctx.db.collection(MESSAGES).add({ data: notice.key ? { _id: notice.key, ...data } : data })
  } catch (error) {
    if (notice.key && isDuplicateKey(error)) return false
    throw error
  }
  const templateId = ctx.env.templates[notice.kind]
  if (templateId && notice.templateData) {
    try {
      await ctx.cloud.openapi.subscribeMessage.send({
        touser: notice.openid,
        templateId,
        page: notice.page,
        data: Object.fromEntries(Object.entries(notice.templateData).map(([k, v]) => [k, { value: v }])),
      })
    } catch (error) {
      // 43101: the person did not accept (or used up) this template; -604101: config.json lacks the permission.
      const { errCode } = error as { errCode?: number }
      ctx.log.info('subscribeMessageNotSent', { kind: notice.kind, errCode, error: String((error as Error)?.message ?? error) })
    }
  }
  return true
}
