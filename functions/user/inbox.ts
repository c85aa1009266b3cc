/** The in-app inbox: every notice lands here (functions/_lib/notify.ts), read page by page. */
import type { ActionContext } from '../_lib/define'
import { MESSAGES, type MessageRecord } from '../_lib/notify'
import { readPage } from '../_lib/paging'
import * as s from '../_lib/schema'
import type { Infer } from '../_lib/schema'

export async function unreadCount(ctx: ActionContext): Promise<number> {
  const { total } = await ctx.db.collection(MESSAGES).where({ openid: ctx.openid, read: false }).count()
  return total
}

export const messagesInput = s.object({ ...s.page })

export async function messages(ctx: ActionContext, { offset = 0, pageSize = 20 }: Infer<typeof messagesInput>) {
  const page = await readPage(
    ctx.db.collection<MessageRecord>(MESSAGES).where({ openid: ctx.openid }).orderBy('createdAt', 'desc'),
    offset,
    pageSize,
  )
  return {
    items: page.items.map(({ openid: _owner, createdAt, ...message }) => ({ ...message, createdAt: new Date(createdAt).getTime() })),
    hasMore: page.hasMore,
    unread: await unreadCount(ctx),
  }
}

export const markReadInput = s.object({ ids: s.optional(s.array(s.id(), { max: 100 })) })

/** The given messages, or all, are read; answers the unread count left (the tab badge). */
export async function markRead(ctx: ActionContext, { ids }: Infer<typeof markReadInput>) {
  const _ = ctx._
  const where = ids ? { openid: ctx.openid, _id: _.in(ids), read: false } : { openid: ctx.openid, read: false }
  const { stats } = await ctx.db
    .collection(MESSAGES)
    .where(where)
    .update({ data: { read: true } })
  return { marked: stats.updated, unread: await unreadCount(ctx) }
}
