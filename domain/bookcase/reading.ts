/** 阅读之星: the yearly reading leaderboard, with names masked and opted-out readers left out. */
import { maskName } from '../names'

export interface ReaderTotal {
  openid: string
  realName: string
  loans: number
  /** the person asked not to appear (reading history is private) */
  hidden?: boolean
}

export interface LeaderboardRow {
  rank: number
  name: string
  loans: number
  /** true for the caller's own row, so the screen can highlight it */
  mine: boolean
}

/**
 * Top `limit` readers by loans, hidden ones removed, names masked. Equal counts share a rank
 * (1, 2, 2, 4); within equal counts the order is by openid so every call lists the same.
 */
export function readingLeaderboard(totals: readonly ReaderTotal[], limit: number, viewerOpenid?: string): LeaderboardRow[] {
  const visible = totals
    .filter((t) => !t.hidden && t.loans > 0)
    .sort((a, b) => b.loans - a.loans || (a.openid < b.openid ? -1 : a.openid > b.openid ? 1 : 0))
  const rows: LeaderboardRow[] = []
  for (let i = 0; i < visible.length && i < limit; i++) {
    const t = visible[i]
    const rank = i > 0 && visible[i - 1].loans === t.loans ? rows[i - 1].rank : i + 1
    rows.push({ rank, name: maskName(t.realName), loans: t.loans, mine: t.openid === viewerOpenid })
  }
  return rows
}
