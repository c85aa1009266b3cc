import { bookTag, createBookcase, expectOk, type Bookcase } from './support'

describe('阅读之星 and the yearly lottery', () => {
  let h: Bookcase
  beforeEach(async () => {
    h = await createBookcase()
    for (const openid of ['local-volunteer-1', 'local-volunteer-2', 'local-volunteer-3']) await h.payDeposit(openid)
    await h.borrow('local-volunteer-1', 'cabinet-1', 1, [bookTag(0), bookTag(1)])
    await h.borrow('local-volunteer-2', 'cabinet-1', 2, [bookTag(2)])
    await h.borrow('local-volunteer-3', 'cabinet-1', 3, [bookTag(4)])
  })
  afterEach(() => h.runtime.close())

  test('the leaderboard ranks the year’s readers with masked names; a reader who opts out is left out', async () => {
    const board = expectOk<any>(await h.runtime.call('bookcase', 'local-volunteer-2', { action: 'leaderboard' }))
    expect(board.year).toBe(2026)
    expect(board.rows).toEqual([
      { rank: 1, name: '王**', loans: 2, mine: false },
      { rank: 2, name: '李*', loans: 1, mine: true },
      { rank: 2, name: '张*', loans: 1, mine: false },
    ])
    expectOk(await h.runtime.call('user', 'local-volunteer-1', { action: 'updateSettings', hideFromReadingBoard: true }))
    const hidden = expectOk<any>(await h.runtime.call('bookcase', 'local-volunteer-2', { action: 'leaderboard' }))
    expect(hidden.rows.map((r: any) => r.name)).toEqual(['李*', '张*'])
  })

  test('the lottery draw is reproducible from its published seed and recorded once', async () => {
    const input = { action: 'drawLottery', year: 2026, seed: '2026-12-31 双色球 01 05 12 18 22 30 + 07', winners: 2 }
    expect(await h.runtime.call('bookcase', 'local-volunteer-1', input)).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    const draw = expectOk<any>(await h.runtime.call('bookcase', 'local-admin', input))
    expect(draw).toMatchObject({ year: 2026, participantCount: 3, seed: input.seed })
    expect(draw.winners).toHaveLength(2)
    expect(draw.participantsDigest).toMatch(/^[0-9a-f]{64}$/)
    const again = expectOk<any>(await h.runtime.call('bookcase', 'local-admin', { ...input, seed: 'another seed' }))
    expect(again).toEqual(draw)
  })
})
