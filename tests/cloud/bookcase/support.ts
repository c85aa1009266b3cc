/** A seeded local cloud with its cabinet simulator, and the steps a worker takes at a bookcase. */
import { cabinetSimulator, type CabinetSimulator } from '../../../local-cloud/cabinet-simulator'
import type { LocalRuntime } from '../../../local-cloud/runtime'
import { bookTag } from '../../../local-cloud/seed/bookcase'
import { createTestRuntime, expectOk } from '../../support/runtime'

export { bookTag, expectOk }

/** 10:00 in Shanghai, a Monday. */
export const START = new Date('2026-03-02T02:00:00Z')
export const DAY = 24 * 60 * 60 * 1000

export interface Bookcase {
  runtime: LocalRuntime
  simulator: CabinetSimulator
  /** Moves the clock; the cabinets' heartbeats keep them online. */
  advance(ms: number): Promise<void>
  setClock(at: Date): Promise<void>
  payDeposit(openid: string): Promise<string>
  borrow(openid: string, cabinetId: string, door: number, tags: string[]): Promise<any>
  giveBack(openid: string, cabinetId: string, tags: string[]): Promise<any>
  account(openid: string): Promise<any>
}

export async function createBookcase(): Promise<Bookcase> {
  const runtime = await createTestRuntime({ at: START })
  const simulator = cabinetSimulator(runtime)
  await simulator.heartbeatAll()
  const bookcase: Bookcase = {
    runtime,
    simulator,
    async advance(ms) {
      runtime.clock.advance(ms)
      await simulator.heartbeatAll()
    },
    async setClock(at) {
      runtime.clock.set(at)
      await simulator.heartbeatAll()
    },
    async payDeposit(openid) {
      const order = expectOk<any>(await runtime.call('bookcase', openid, { action: 'payDeposit' }))
      await runtime.cloud.payments.settle(order.outTradeNo, true)
      return order.outTradeNo
    },
    async borrow(openid, cabinetId, door, tags) {
      const session = expectOk<any>(await runtime.call('bookcase', openid, { action: 'openDoor', cabinetId, door }))
      for (const tag of tags) await simulator.take(cabinetId, door, tag)
      await simulator.close(cabinetId, door)
      return expectOk(await runtime.call('bookcase', openid, { action: 'session', sessionId: session.sessionId }))
    },
    async giveBack(openid, cabinetId, tags) {
      const session = expectOk<any>(await runtime.call('bookcase', openid, { action: 'openReturnDoor', cabinetId }))
      for (const tag of tags) await simulator.put(cabinetId, session.door, tag)
      await simulator.close(cabinetId, session.door)
      return expectOk(await runtime.call('bookcase', openid, { action: 'session', sessionId: session.sessionId }))
    },
    async account(openid) {
      return expectOk(await runtime.call('bookcase', openid, { action: 'account' }))
    },
  }
  return bookcase
}
