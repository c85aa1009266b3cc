import { createHash, createHmac } from 'crypto'
import { lotteryParticipants, readingLeaderboard } from '../../../domain/bookcase'
import { drawLottery, seededRandom } from '../../../functions/bookcase/lottery'
import { signCabinetRequest, verifyCabinetRequest } from '../../../functions/cabinetGateway/signature'
import { maskName } from '../../../domain/names'

describe('maskName', () => {
  it.each([
    ['张三', '张*'],
    ['张小明', '张**'],
    ['欧阳娜娜', '欧阳**'],
    ['欧阳锋', '欧阳*'],
    ['欧阳', '欧*'],
    ['司马相如', '司马**'],
    ['诸葛亮', '诸葛*'],
    ['阿卜杜·热合曼', '阿**·***'],
    ['John', 'J***'],
    [' 李四 ', '李*'],
    ['𠀀明', '𠀀*'],
    ['张', '匿名'],
    ['', '匿名'],
  ])('%j → %j', (name, masked) => {
    expect(maskName(name)).toBe(masked)
  })
})

describe('readingLeaderboard', () => {
  const totals = [
    { openid: 'u3', realName: '王五', loans: 7 },
    { openid: 'u1', realName: '张三', loans: 9 },
    { openid: 'u2', realName: '李四', loans: 7 },
    { openid: 'u4', realName: '赵六', loans: 12, hidden: true },
    { openid: 'u5', realName: '欧阳娜娜', loans: 3 },
    { openid: 'u6', realName: '钱七', loans: 0 },
  ]

  it('ranks by loans, shares ranks on ties, hides opted-out readers and masks names', () => {
    expect(readingLeaderboard(totals, 10, 'u2')).toEqual([
      { rank: 1, name: '张*', loans: 9, mine: false },
      { rank: 2, name: '李*', loans: 7, mine: true },
      { rank: 2, name: '王*', loans: 7, mine: false },
      { rank: 4, name: '欧阳**', loans: 3, mine: false },
    ])
  })

  it('cuts at the limit', () => {
    expect(readingLeaderboard(totals, 2).map((r) => r.name)).toEqual(['张*', '李*'])
    expect(readingLeaderboard(totals, 0)).toEqual([])
  })
})

/** The documented algorithm, written again from the comment with Node's crypto, as an auditor would. */
function auditorDraw(seed: string, ids: string[], n: number): string[] {
  const pool = [...new Set(ids)].sort()
  const words: number[] = []
  let block = 0
  const next = () => {
    if (!words.length) {
      const digest = createHash('sha256').update(`${seed}:${block++}`, 'utf8').digest()
      for (let i = 0; i < 32; i += 4) words.push(digest.readUInt32BE(i))
    }
    return words.shift()!
  }
  const uniform = (m: number) => {
    for (;;) {
      const u = next()
      if (u < m * Math.floor(2 ** 32 / m)) return u % m
    }
  }
  for (let k = 0; k < Math.min(n, pool.length); k++) {
    const j = k + uniform(pool.length - k)
    ;[pool[k], pool[j]] = [pool[j], pool[k]]
  }
  return pool.slice(0, Math.min(n, pool.length))
}

describe('drawLottery', () => {
  const ids = Array.from({ length: 50 }, (_, i) => `reader-${String(i + 1).padStart(3, '0')}`)
  const seed = '2026-阅读抽奖-上证收盘3312.45'

  it('is pinned: this seed and list always give these winners', () => {
    expect(drawLottery(seed, ids, 5)).toEqual(['reader-050', 'reader-032', 'reader-016', 'reader-007', 'reader-027'])
  })

  it('anyone re-running the documented algorithm gets the same winners', () => {
    for (const [s, n] of [
      [seed, 5],
      ['x', 1],
      ['种子', 50],
      ['another seed', 17],
    ] as const) {
      expect(drawLottery(s, ids, n)).toEqual(auditorDraw(s, ids, n))
    }
  })

  it('does not depend on the order or duplicates of the input list', () => {
    const shuffled = [...ids].reverse().concat(ids.slice(0, 5))
    expect(drawLottery(seed, shuffled, 5)).toEqual(drawLottery(seed, ids, 5))
    expect(lotteryParticipants(['b', 'a', 'b', 'C'])).toEqual(['C', 'a', 'b'])
  })

  it('another seed gives another draw; winners are distinct participants', () => {
    const a = drawLottery(seed, ids, 10)
    expect(drawLottery(`${seed}!`, ids, 10)).not.toEqual(a)
    expect(new Set(a).size).toBe(10)
    for (const w of a) expect(ids).toContain(w)
  })

  it('edge sizes', () => {
    expect(drawLottery(seed, ids, 0)).toEqual([])
    expect(drawLottery(seed, [], 3)).toEqual([])
    expect([...drawLottery(seed, ['a', 'b'], 5)].sort()).toEqual(['a', 'b'])
    expect(() => drawLottery('', ids, 1)).toThrow(RangeError)
    expect(() => drawLottery(seed, ids, 1.5)).toThrow(RangeError)
  })

  it('uniform() is roughly uniform (no index favoured)', () => {
    const random = seededRandom('uniformity')
    const counts = [0, 0, 0, 0, 0, 0, 0]
    for (let i = 0; i < 70_000; i++) counts[random.uniform(7)]++
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500)
    expect(() => random.uniform(0)).toThrow(RangeError)
  })
})

describe('cabinet request signature', () => {
  const secret = 'local-cabinet-secret'
  const body = JSON.stringify({ type: 'heartbeat', eventId: 'e1', at: 1_795_000_000_000, doors: [] })
  const ts = '1795000000000'
  const now = new Date(1_795_000_000_000)

  it('is hex HMAC-SHA256(secret, timestamp + "\\n" + body)', () => {
    expect(signCabinetRequest(secret, ts, body)).toBe(createHmac('sha256', secret).update(`${ts}\n${body}`).digest('hex'))
    expect(signCabinetRequest(secret, Number(ts), body)).toBe(signCabinetRequest(secret, ts, body))
  })

  it('accepts a good signature within 5 minutes either way, in any hex case', () => {
    const signature = signCabinetRequest(secret, ts, body)
    expect(verifyCabinetRequest({ secret, timestamp: ts, signature, rawBody: body, now })).toEqual({ ok: true })
    expect(
      verifyCabinetRequest({
        secret,
        timestamp: ts,
        signature: signature.toUpperCase(),
        rawBody: body,
        now: new Date(now.getTime() + 300_000),
      }),
    ).toEqual({ ok: true })
    expect(verifyCabinetRequest({ secret, timestamp: ts, signature, rawBody: body, now: new Date(now.getTime() - 300_000) })).toEqual({
      ok: true,
    })
  })

  it('refuses stale, altered, wrongly keyed and incomplete requests', () => {
    const signature = signCabinetRequest(secret, ts, body)
    expect(verifyCabinetRequest({ secret, timestamp: ts, signature, rawBody: body, now: new Date(now.getTime() + 300_001) })).toEqual({
      ok: false,
      reason: 'STALE',
    })
    expect(verifyCabinetRequest({ secret, timestamp: ts, signature, rawBody: body.replace('e1', 'e2'), now })).toEqual({
      ok: false,
      reason: 'BAD_SIGNATURE',
    })
    expect(verifyCabinetRequest({ secret: 'other', timestamp: ts, signature, rawBody: body, now })).toEqual({
      ok: false,
      reason: 'BAD_SIGNATURE',
    })
    expect(verifyCabinetRequest({ secret, timestamp: '1795000000001', signature, rawBody: body, now })).toEqual({
      ok: false,
      reason: 'BAD_SIGNATURE',
    })
    expect(verifyCabinetRequest({ secret, timestamp: undefined, signature, rawBody: body, now })).toEqual({ ok: false, reason: 'MISSING' })
    expect(verifyCabinetRequest({ secret, timestamp: 'soon', signature, rawBody: body, now })).toEqual({ ok: false, reason: 'MISSING' })
    expect(verifyCabinetRequest({ secret, timestamp: ts, signature: undefined, rawBody: body, now })).toEqual({
      ok: false,
      reason: 'MISSING',
    })
  })
})
