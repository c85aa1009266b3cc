/** The loan counts people see equal their loans: the timed trigger repairs and reports any drift. */
import { bookTag, createBookcase, expectOk, type Bookcase } from '../bookcase/support'

let h: Bookcase
beforeEach(async () => {
  h = await createBookcase()
})
afterEach(() => h.runtime.close())

const runJob = async () =>
  expectOk<any>(await h.runtime.invoke('cron', { action: 'run', job: 'reconcileLoanCounts' }, { OPENID: '', SOURCE: 'wx_trigger' }))
    .reconcileLoanCounts

test('a drifted activeLoans is repaired to the loans on loan, reported once', async () => {
  await h.payDeposit('alice')
  await h.payDeposit('bob')
  await h.borrow('alice', 'cabinet-1', 1, [bookTag(0)])
  const accounts = h.runtime.cloud.sdkFor({ OPENID: '', SOURCE: 'test' }).database().collection('depositAccounts')
  await accounts.doc('alice').update({ data: { activeLoans: 3 } })
  await accounts.doc('bob').update({ data: { activeLoans: 1 } })
  const first = await runJob()
  expect(first.repaired).toEqual(
    expect.arrayContaining([
      { openid: 'alice', activeLoansBefore: 3, activeLoans: 1 },
      { openid: 'bob', activeLoansBefore: 1, activeLoans: 0 },
    ]),
  )
  expect(first.repaired).toHaveLength(2)
  expect(await h.account('alice')).toMatchObject({ activeLoans: 1 })
  expect(await h.account('bob')).toMatchObject({ activeLoans: 0 })
  expect((await runJob()).repaired).toEqual([])
})
