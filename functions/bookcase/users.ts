/** The people behind OPENIDs, for names on boards and reports and contacts for staff. */
import type { ActionContext } from '../_lib/define'
import { MAX_READ } from '../_lib/paging'
import { USERS, type UserRecord } from '../_lib/caller'

/** One read per hundred people, whatever else the users collection holds. */
export async function usersById(ctx: ActionContext, openids: string[]): Promise<Map<string, UserRecord>> {
  const users = new Map<string, UserRecord>()
  for (let i = 0; i < openids.length; i += MAX_READ) {
    const { data } = await ctx.db
      .collection<UserRecord>(USERS)
      .where({ _id: ctx._.in(openids.slice(i, i + MAX_READ)) })
      .limit(MAX_READ)
      .get()
    for (const user of data) users.set(user._id, user)
  }
  return users
}
