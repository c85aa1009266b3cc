/**
 * A cabinet offline for a day delivers its queued events later, in order, with their own `at`:
 * the loans and fees are the same as if it had been online all along.
 */
import { DAY, bookTag, createBookcase, expectOk, type Bookcase } from './support'

const WORKER = 'local-volunteer-5'
const T = new Date('2026-03-02T02:00:00Z')

/** Borrow two books at T, return one at T + 16 days and one at T + 17 days (cabinet-1 throughout). */
async function day(h: Bookcase, offline: boolean) {
  const atCabinet = async (at: Date, open: () => Promise<any>, act: (door: number) => Promise<void>) => {
    await h.setClock(at)
    const { door } = expectOk<any>(await open())
    if (offline) await h.simulator.setOnline('cabinet-1', false)
    await act(door)
    await h.simulator.close('cabinet-1', door, at)
    if (offline) {
      // A day later it comes back and sends what it queued (plus a heartbeat).
      h.runtime.clock.set(new Date(at.getTime() + DAY))
      await h.runtime.invoke('cron', { action: 'run', job: 'doorSessions' }, { OPENID: '', SOURCE: 'wx_trigger' })
      await h.simulator.setOnline('cabinet-1', true)
    }
  }
  const call = (data: Record<string, unknown>) => () => h.runtime.call('bookcase', WORKER, data)
  await atCabinet(T, call({ action: 'openDoor', cabinetId: 'cabinet-1', door: 1 }), async (door) => {
    await h.simulator.take('cabinet-1', door, bookTag(0))
    await h.simulator.take('cabinet-1', door, bookTag(1))
  })
  for (const [days, tag] of [
    [16, bookTag(0)],
    [17, bookTag(1)],
  ] as const) {
    await atCabinet(new Date(T.getTime() + days * DAY), call({ action: 'openReturnDoor', cabinetId: 'cabinet-1' }), (door) =>
      h.simulator.put('cabinet-1', door, tag),
    )
  }
  const loans = expectOk<any>(await h.runtime.call('bookcase', WORKER, { action: 'myLoans' })).history
  loans.sort((a: any, b: any) => +new Date(a.returnedAt) - +new Date(b.returnedAt))
  return {
    loans: loans.map((l: any) => ({ title: l.title, borrowedAt: l.borrowedAt, returnedAt: l.returnedAt, fee: l.fee })),
    balance: (await h.account(WORKER)).balance,
  }
}

test('a day of queued events gives the same loans and fees as an online cabinet', async () => {
  const results = []
  for (const offline of [false, true]) {
    const h = await createBookcase()
    await h.payDeposit(WORKER)
    results.push(await day(h, offline))
    await h.runtime.close()
  }
  const [online, queued] = results
  expect(online.loans.map((l: any) => l.fee)).toEqual([100, 200])
  expect(online.balance).toBe(4200)
  expect(JSON.parse(JSON.stringify(queued))).toEqual(JSON.parse(JSON.stringify(online)))
})

test('offline mid-session: the session runs out in the cloud, the queued close still makes the loan at its own time', async () => {
  const h = await createBookcase()
  await h.payDeposit(WORKER)
  const session = expectOk<any>(await h.runtime.call('bookcase', WORKER, { action: 'openDoor', cabinetId: 'cabinet-2', door: 1 }))
  await h.simulator.setOnline('cabinet-2', false)
  await h.simulator.take('cabinet-2', 1, bookTag(10))
  const closedAt = h.runtime.clock.now()
  await h.simulator.close('cabinet-2', 1)
  h.runtime.clock.advance(3 * 60_000)
  expect(expectOk<any>(await h.runtime.call('bookcase', WORKER, { action: 'cabinet', cabinetId: 'cabinet-2' })).online).toBe(false)
  expect(expectOk<any>(await h.runtime.call('bookcase', WORKER, { action: 'myLoans' })).current).toEqual([])
  await h.simulator.setOnline('cabinet-2', true)
  const [loan] = expectOk<any>(await h.runtime.call('bookcase', WORKER, { action: 'myLoans' })).current
  expect(loan.title).toBe('追风筝的人')
  expect(new Date(loan.borrowedAt).getTime()).toBeGreaterThanOrEqual(closedAt.getTime())
  expect(new Date(loan.borrowedAt).getTime()).toBeLessThan(closedAt.getTime() + 60_000)
  const seen = expectOk<any>(await h.runtime.call('bookcase', WORKER, { action: 'session', sessionId: session.sessionId }))
  expect(seen.message).toMatch(/^借阅成功《追风筝的人》 应还日期 /)
  await h.runtime.close()
})
