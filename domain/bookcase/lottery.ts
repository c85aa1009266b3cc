/**
 * The yearly lottery among borrowers, reproducible by anyone from the published seed and the
 * published list of participant ids. The algorithm (LOTTERY_ALGORITHM, version 1):
 *
 * 1. Participants: the ids, duplicates removed, sorted by UTF-16 code units (JavaScript's default
 *    `sort()`; for ASCII ids this is plain byte order).
 * 2. Random stream: block i (i = 0, 1, 2 …) = SHA-256 of the UTF-8 bytes of `${seed}:${i}`; each
 *    block gives eight 32-bit unsigned big-endian integers, used in order.
 * 3. uniform(m), an integer in [0, m): take the next integer u; if u ≥ m × floor(2^32 / m), discard
 *    it and take the next (rejection, so no index is favoured); otherwise return u mod m.
 * 4. Partial Fisher–Yates: for k = 0 … n−1, j = k + uniform(count − k), swap positions k and j.
 *    The winners are positions 0 … n−1, in draw order. n larger than the count gives everyone.
 */
export const LOTTERY_ALGORITHM =
  'v1: sorted unique ids; SHA-256(`${seed}:${i}`) u32 BE stream; rejection-sampled uniform; partial Fisher–Yates'

/** Step 2's stream is SHA-256, computed where the lottery is drawn (functions/bookcase/lottery.ts). */
export type Uint32Stream = () => number

/** Step 3: an integer in [0, m) from the stream, rejection-sampled so no value is favoured. */
export function uniformFrom(nextUint32: Uint32Stream): (m: number) => number {
  return (m) => {
    if (!Number.isInteger(m) || m < 1 || m > 0x100000000) throw new RangeError(`uniform(${m})`)
    const limit = m * Math.floor(0x100000000 / m)
    for (;;) {
      const u = nextUint32()
      if (u < limit) return u % m
    }
  }
}

export function lotteryParticipants(ids: readonly string[]): string[] {
  return [...new Set(ids)].sort()
}

/** Steps 1 and 4: the winners among `ids`, in draw order, from the seed's stream. */
export function drawWinners(seed: string, ids: readonly string[], winners: number, nextUint32: Uint32Stream): string[] {
  if (!seed) throw new RangeError('a lottery needs a published seed')
  if (!Number.isInteger(winners) || winners < 0) throw new RangeError(`winners must be a whole number: ${winners}`)
  const pool = lotteryParticipants(ids)
  const uniform = uniformFrom(nextUint32)
  const n = Math.min(winners, pool.length)
  for (let k = 0; k < n; k++) {
    const j = k + uniform(pool.length - k)
    ;[pool[k], pool[j]] = [pool[j], pool[k]]
  }
  return pool.slice(0, n)
}
