/** What a door close means, and how long an opened door belongs to its opener. */
import { defaultConfig, type BookcaseConfig } from '../config'

/**
 * Compares the tags the system believed were in the door with the tags the cabinet reports now:
 * each tag that left is a loan, each that arrived a return. Duplicates are ignored; order follows
 * the input lists, so the outcome is deterministic.
 */
export function diffDoorTags(before: readonly string[], after: readonly string[]): { taken: string[]; arrived: string[] } {
  const beforeSet = new Set(before)
  const afterSet = new Set(after)
  return { taken: [...beforeSet].filter((tag) => !afterSet.has(tag)), arrived: [...afterSet].filter((tag) => !beforeSet.has(tag)) }
}

export function doorSessionExpiresAt(openedAt: Date, config: BookcaseConfig = defaultConfig.bookcase): Date {
  return new Date(openedAt.getTime() + config.doorSessionMs)
}

/** A door session holds the door from opening until expiry (exclusive) or its close, whichever first. */
export function isDoorSessionActive(
  session: { openedAt: Date; closedAt?: Date | null },
  now: Date,
  config: BookcaseConfig = defaultConfig.bookcase,
): boolean {
  return !session.closedAt && now.getTime() < doorSessionExpiresAt(session.openedAt, config).getTime()
}
