/** Reading in the year: 阅读之星 (the board of readers by books borrowed) and the yearly lottery among borrowers. */
import type { ActionContext } from '../_lib/define'
import { readAll } from '../_lib/paging'
import { withTransaction } from '../_lib/transaction'
import { readInTransaction, writeInTransaction } from '../_lib/documents'
import { LOTTERY_ALGORITHM, lotteryParticipants, readingLeaderboard } from '../../domain/bookcase'
import { drawLottery } from './lottery'
import { sha256Hex } from '../_lib/crypto'
import { maskName } from '../../domain/names'
import { shanghaiYear } from '../../domain/time'
import { usersById } from './users'
import { epochMs } from './views'
import { LOTTERY_DRAWS, READING_STATS, type ReadingStat } from './records'

/** The board shows this many readers. */
const BOARD_ROWS = 50

/** The year's readers by books borrowed, names masked, those who opted out left out; the caller's own count. */
export async function leaderboard(ctx: ActionContext, year?: number) {
  const forYear = year ?? shanghaiYear(ctx.now)
  const { data: top } = await ctx.db
    .collection<ReadingStat>(READING_STATS)
    .where({ year: forYear })
    .orderBy('loans', 'desc')
    .limit(100)
    .get()
  const users = await usersById(
    ctx,
    top.map((stat) => stat.openid),
  )
  const totals = top.map((stat) => {
    const user = users.get(stat.openid)
    return {
      openid: stat.openid,
      realName: user?.profile?.realName ?? '',
      loans: stat.loans,
      hidden: Boolean(user?.settings?.hideFromReadingBoard),
    }
  })
  const mine = top.find((stat) => stat.openid === ctx.openid)
  return { year: forYear, rows: readingLeaderboard(totals, BOARD_ROWS, ctx.openid), myLoans: mine?.loans ?? 0 }
}

export interface LotteryInput {
  year: number
  seed: string
  winners: number
}

/**
 * The yearly lottery among the year's borrowers. Reproducible: the seed is published in advance and the
 * participant list (sorted ids) is stored with its digest; drawing again answers the recorded draw.
 */
export async function drawYearLottery(ctx: ActionContext, input: LotteryInput) {
  const readers = await readAll(ctx.db.collection<ReadingStat>(READING_STATS).where({ year: input.year }).orderBy('_id', 'asc'))
  const participants = lotteryParticipants(readers.map((stat) => stat.openid))
  const winners = drawLottery(input.seed, participants, input.winners)
  const users = await usersById(ctx, winners)
  const draw = {
    _id: String(input.year),
    year: input.year,
    seed: input.seed,
    algorithm: LOTTERY_ALGORITHM,
    participantCount: participants.length,
    participantsDigest: sha256Hex(participants.join('\n')),
    participants,
    winners: winners.map((openid) => ({ openid, name: maskName(users.get(openid)?.profile?.realName ?? '') })),
    drawnAt: ctx.now,
    drawnBy: ctx.openid,
  }
  const recorded = await withTransaction(ctx.db, async (t) => {
    const earlier = await readInTransaction<typeof draw>(t, LOTTERY_DRAWS, draw._id)
    if (earlier) return earlier
    await writeInTransaction(t, LOTTERY_DRAWS, draw)
    return draw
  })
  const { participants: _list, ...published } = recorded
  return { ...published, drawnAt: epochMs(published.drawnAt) }
}
