/** A door held by a request that died before its open command reached the cabinet is free within 30 s. */
import { createBookcase, expectOk, type Bookcase } from '../bookcase/support'

let h: Bookcase
beforeEach(async () => {
  h = await createBookcase()
})
afterEach(() => h.runtime.close())

const db = () => h.runtime.cloud.sdkFor({ OPENID: '', SOURCE: 'test' }).database()
const openDoor = (openid: string) => h.runtime.call<any>('bookcase', openid, { action: 'openDoor', cabinetId: 'cabinet-1', door: 1 })

/** What openDoor leaves when it dies after claiming the door and writing its session, before the command. */
async function dieBeforeCommand(openid: string) {
  const now = h.runtime.clock.now()
  const expiresAt = new Date(now.getTime() + 2 * 60_000)
  await db()
    .collection('cabinetDoors')
    .doc('cabinet-1-1')
    .update({ data: { sessionId: 'Sdead', heldUntil: expiresAt, claimedAt: now, commandSent: false } })
  await db()
    .collection('doorSessions')
    .doc('Sdead')
    .set({
      data: {
        openid,
        cabinetId: 'cabinet-1',
        door: 1,
        purpose: 'borrow',
        status: 'opening',
        createdAt: now,
        expiresAt,
        openedAt: null,
        closedAt: null,
        failReason: null,
        leftOpenNotified: false,
        outcome: null,
      },
    })
}

test('busy while the claim may be alive; free after 30 s, and the dead session is failed', async () => {
  await h.payDeposit('alice')
  await h.payDeposit('bob')
  await dieBeforeCommand('alice')
  expect(await openDoor('bob')).toMatchObject({ ok: false, code: 'DOOR_BUSY' })
  await h.advance(31_000)
  expect(expectOk<any>(await openDoor('bob')).status).toMatch(/opening|open/)
  expect((await db().collection('doorSessions').doc('Sdead').get()).data).toMatchObject({ status: 'failed' })
})

test('a door whose command was sent stays held for its whole session', async () => {
  await h.payDeposit('alice')
  await h.payDeposit('bob')
  h.simulator.setMode('cabinet-1', 'unresponsive')
  expectOk(await openDoor('alice'))
  await h.advance(31_000)
  expect(await openDoor('bob')).toMatchObject({ ok: false, code: 'DOOR_BUSY' })
  await h.advance(2 * 60_000)
  expectOk(await openDoor('bob'))
})
