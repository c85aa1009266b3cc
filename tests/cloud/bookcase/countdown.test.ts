/** The door screen counts down the 2-minute session from the server's clock (issue 15). */
import { createBookcase, expectOk, type Bookcase } from './support'

let bookcase: Bookcase
beforeEach(async () => {
  bookcase = await createBookcase()
})
afterEach(() => bookcase.runtime.close())

test('a session answers the time it has left by the server clock, counting down to 0', async () => {
  await bookcase.payDeposit('local-worker')
  const opened = expectOk<any>(
    await bookcase.runtime.call('bookcase', 'local-worker', { action: 'openDoor', cabinetId: 'cabinet-1', door: 1 }),
  )
  const read = async () =>
    expectOk<any>(await bookcase.runtime.call('bookcase', 'local-worker', { action: 'session', sessionId: opened.sessionId }))
  const first = await read()
  expect(first.remainingMs).toBeLessThanOrEqual(2 * 60 * 1000)
  expect(first.remainingMs).toBeGreaterThan(2 * 60 * 1000 - 5000)
  await bookcase.advance(60 * 1000)
  const later = await read()
  expect(first.remainingMs - later.remainingMs).toBeGreaterThanOrEqual(60 * 1000)
  expect(first.remainingMs - later.remainingMs).toBeLessThan(65 * 1000)
  await bookcase.advance(90 * 1000)
  expect((await read()).remainingMs).toBe(0)
})
