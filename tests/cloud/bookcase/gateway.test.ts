import { signCabinetRequest } from '../../../functions/cabinetGateway/signature'
import { bookTag, createBookcase, expectOk, type Bookcase } from './support'

const ALICE = 'local-volunteer-3'
const SECRET = 'local-cabinet-secret'

async function post(h: Bookcase, headers: Record<string, string>, body: string) {
  const answer = await h.runtime.invoke(
    'cabinetGateway',
    { httpMethod: 'POST', headers, body, isBase64Encoded: false },
    { OPENID: '', SOURCE: 'wx_http' },
  )
  return { statusCode: answer.statusCode as number, body: JSON.parse(answer.body) }
}

function signed(h: Bookcase, event: object, options: { timestamp?: number; secret?: string; cabinetId?: string } = {}) {
  const body = JSON.stringify(event)
  const timestamp = String(options.timestamp ?? h.runtime.clock.now().getTime())
  return {
    headers: {
      'X-Cabinet-Id': options.cabinetId ?? 'cabinet-1',
      'X-Timestamp': timestamp,
      'X-Signature': signCabinetRequest(options.secret ?? SECRET, timestamp, body),
    },
    body,
  }
}

async function loansOf(h: Bookcase, openid: string) {
  return expectOk<any>(await h.runtime.call('bookcase', openid, { action: 'myLoans' })).current
}

describe('cabinetGateway', () => {
  let h: Bookcase
  beforeEach(async () => {
    h = await createBookcase()
  })
  afterEach(() => h.runtime.close())

  const heartbeat = (bookcase: Bookcase, eventId = 'hb-1') => ({
    type: 'heartbeat',
    eventId,
    at: bookcase.runtime.clock.now().getTime(),
    doors: [],
  })

  test('a signed heartbeat is accepted and keeps the cabinet online', async () => {
    h.runtime.clock.advance(10 * 60_000)
    expect(expectOk<any>(await h.runtime.call('bookcase', ALICE, { action: 'cabinet', cabinetId: 'cabinet-1' })).online).toBe(false)
    const { headers, body } = signed(h, heartbeat(h))
    const answer = await post(h, headers, body)
    expect(answer).toMatchObject({ statusCode: 200, body: { ok: true, data: { type: 'heartbeat' } } })
    expect(expectOk<any>(await h.runtime.call('bookcase', ALICE, { action: 'cabinet', cabinetId: 'cabinet-1' })).online).toBe(true)
  })

  test('stale, forged, unsigned and unknown-cabinet requests are refused with 401 and change nothing', async () => {
    h.runtime.clock.advance(10 * 60_000)
    const now = h.runtime.clock.now().getTime()
    const cases = [
      signed(h, heartbeat(h), { timestamp: now - 5 * 60_000 - 1000 }),
      signed(h, heartbeat(h), { timestamp: now + 5 * 60_000 + 1000 }),
      signed(h, heartbeat(h), { secret: 'guessed-secret' }),
      signed(h, heartbeat(h), { cabinetId: 'cabinet-9' }),
      { headers: { 'X-Cabinet-Id': 'cabinet-1' }, body: JSON.stringify(heartbeat(h)) },
    ]
    for (const { headers, body } of cases) expect((await post(h, headers, body)).statusCode).toBe(401)
    // A body changed after signing.
    const { headers } = signed(h, heartbeat(h))
    expect((await post(h, headers, JSON.stringify({ ...heartbeat(h), eventId: 'other' }))).statusCode).toBe(401)
    expect(expectOk<any>(await h.runtime.call('bookcase', ALICE, { action: 'cabinet', cabinetId: 'cabinet-1' })).online).toBe(false)
  })

  test('a signed but malformed event is refused with 400 naming the field', async () => {
    const at = h.runtime.clock.now().getTime()
    const cases: [object, string][] = [
      [{ type: 'doorClosed', eventId: 'x-1', at, door: 1 }, 'tags'],
      [{ type: 'doorLocked', eventId: 'x-2', at, door: 1 }, 'type：应为 heartbeat、doorOpened、openFailed、doorClosed 之一'],
      [{ eventId: 'x-3', at, door: 1 }, 'type：应为 heartbeat、doorOpened、openFailed、doorClosed 之一'],
      // each case has its own fields: a doorOpened needs the command it answers, a doorClosed does not
      [{ type: 'doorOpened', eventId: 'x-4', at, door: 1, tags: [] }, 'commandId'],
      [
        { type: 'heartbeat', eventId: 'x-5', at, doors: [{ door: 1, closed: 'yes', tags: [] }] },
        'doors 第 1 项 · closed：应为 true 或 false，收到字符串',
      ],
      [{ type: 'openFailed', eventId: 'x-6', at, commandId: 'c-1', door: 0, reason: 'jam' }, '柜门：不能小于 1'],
      [[{ type: 'heartbeat' }], '应为对象，收到数组'],
    ]
    for (const [event, named] of cases) {
      const { headers, body } = signed(h, event)
      expect(await post(h, headers, body)).toMatchObject({ statusCode: 400, body: { ok: false, message: expect.stringContaining(named) } })
    }
    const doorClosed = { type: 'doorClosed', eventId: 'x-7', at, door: 1, tags: [] }
    expect(await post(h, signed(h, doorClosed).headers, signed(h, doorClosed).body)).toMatchObject({ statusCode: 200 })
  })

  test('the same doorClosed replayed, or delivered twice at once, has one effect and the same answer', async () => {
    await h.payDeposit(ALICE)
    const session = expectOk<any>(await h.runtime.call('bookcase', ALICE, { action: 'openDoor', cabinetId: 'cabinet-1', door: 1 }))
    const close = {
      type: 'doorClosed',
      eventId: 'close-1',
      commandId: session.sessionId,
      door: 1,
      tags: [bookTag(1)],
      at: h.runtime.clock.now().getTime(),
    }
    const { headers, body } = signed(h, close)
    const [first, second] = await Promise.all([post(h, headers, body), post(h, headers, body)])
    expect(first.statusCode).toBe(200)
    expect(second.statusCode).toBe(200)
    expect(first.body.data.result).toEqual(second.body.data.result)
    expect([first.body.data.duplicate, second.body.data.duplicate].sort()).toEqual([false, true])
    const third = await post(h, headers, body)
    expect(third.body.data).toMatchObject({ duplicate: true, result: first.body.data.result })
    expect((await loansOf(h, ALICE)).map((l: any) => l.title)).toEqual(['活着'])
    expect(await h.account(ALICE)).toMatchObject({ activeLoans: 1 })
  })

  test('a close delivered twice under different event ids still makes one loan', async () => {
    await h.payDeposit(ALICE)
    const session = expectOk<any>(await h.runtime.call('bookcase', ALICE, { action: 'openDoor', cabinetId: 'cabinet-1', door: 1 }))
    const close = (eventId: string) => ({
      type: 'doorClosed',
      eventId,
      commandId: session.sessionId,
      door: 1,
      tags: [bookTag(1)],
      at: h.runtime.clock.now().getTime(),
    })
    await h.simulator.deliver('cabinet-1', close('c-1'))
    await h.simulator.deliver('cabinet-1', close('c-2'))
    expect(await loansOf(h, ALICE)).toHaveLength(1)
  })
})
