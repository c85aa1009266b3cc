import { localCabinetSecret, type LocalRuntime } from '../types'
import { seedUsers } from './users'
import { seedActivities } from './activities'
import { seedBookcase } from './bookcase'
import { seedCounseling } from './counseling'
import { seedStatistics } from './statistics'

/**
 * Demo data (CONTRACT.md): the seeded identities and, per service, what a demo needs. Each service
 * adds its seeder here. Writes go straight to the database, as an import script would.
 */
export async function seedDemoData(runtime: LocalRuntime, options: { onlyIfEmpty?: boolean } = {}): Promise<void> {
  const db = runtime.cloud.sdkFor({ OPENID: '', SOURCE: 'local_seed' }).database()
  if (options.onlyIfEmpty) {
    const { total } = await db.collection('users').count()
    if (total > 0) return
  }
  const now = runtime.clock.now()
  await seedUsers(db, now)
  await seedActivities(db, now)
  // Only local mode gives the demo cabinets the public LOCAL_CABINET_SECRET; otherwise each gets its own.
  await seedBookcase(db, now, runtime.local ? localCabinetSecret() : undefined)
  await seedCounseling(db, now)
  await seedStatistics(db)
}
