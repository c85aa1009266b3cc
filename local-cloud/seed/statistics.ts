import type { Database } from '../../functions/_lib/sdk'
import { MONTHLY_STATS, activityMonthId, activityMonthSeed, shanghaiMonth } from '../../functions/_lib/counters'
import { SIGNUPS, type SignupRecord } from '../../functions/activity/records'

/**
 * The seeders write signups straight to the database, past the functions that keep the dashboard's
 * counters; this counts them once, so the demo dashboard shows the seeded history.
 */
export async function seedStatistics(db: Database): Promise<void> {
  const months = new Map<string, { hours: number }>()
  const monthOf = (month: string) => months.get(month) ?? months.set(month, { hours: 0 }).get(month)!
  for (let offset = 0; ; offset += 100) {
    const { data } = await db.collection<SignupRecord>(SIGNUPS).orderBy('_id', 'asc').skip(offset).limit(100).get()
    for (const signup of data) {
      if (signup.confirmation) monthOf(shanghaiMonth(new Date(signup.startAt))).hours += signup.confirmation.hours
    }
    if (data.length < 100) break
  }
  for (const [month, counts] of months) {
    await db
      .collection(MONTHLY_STATS)
      .doc(activityMonthId(month))
      .set({ data: { ...activityMonthSeed(month), ...counts } })
  }
}
