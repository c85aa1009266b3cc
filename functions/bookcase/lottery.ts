/**
 * The yearly lottery as drawn by the cloud: the published algorithm (domain/bookcase/lottery.ts) with
 * its SHA-256 stream (step 2) from node:crypto.
 */
import { drawWinners, uniformFrom } from '../../domain/bookcase/lottery'
import { sha256 } from '../_lib/crypto'

/** Step 2: block i = SHA-256 of `${seed}:${i}`, eight big-endian u32 each, used in order; and step 3 over it. */
export function seededRandom(seed: string): { nextUint32(): number; uniform(m: number): number } {
  let block = 0
  let words: number[] = []
  const nextUint32 = (): number => {
    if (words.length === 0) {
      const digest = sha256(`${seed}:${block++}`)
      words = Array.from({ length: 8 }, (_, i) => digest.readUInt32BE(i * 4))
    }
    return words.shift() as number
  }
  return { nextUint32, uniform: uniformFrom(nextUint32) }
}

export function drawLottery(seed: string, ids: readonly string[], winners: number): string[] {
  return drawWinners(seed, ids, winners, seededRandom(seed).nextUint32)
}
