import { DAY, bookTag, createBookcase, expectOk, type Bookcase } from './support'

const WORKER = 'local-volunteer-1'

describe('borrow and return through the cabinets', () => {
  let h: Bookcase
  beforeEach(async () => {
    h = await createBookcase()
  })
  afterEach(() => h.runtime.close())

  test('pay the deposit, borrow at cabinet-1, return 20 days later at cabinet-2: 5 days overdue, 5 yuan deducted', async () => {
    await h.payDeposit(WORKER)
    expect(await h.account(WORKER)).toMatchObject({ balance: 4500, status: 'active' })
    const borrowed = await h.borrow(WORKER, 'cabinet-1', 1, [bookTag(0)])
    expect(borrowed.status).toBe('closed')
    expect(borrowed.borrowed).toHaveLength(1)
    expect(borrowed.message).toMatch(/^借阅成功《活着》 应还日期 3月17日$/)

    // The local clock runs on in real time: come back a minute short of 20 × 24 h after the borrow.
    const [loan] = expectOk<any>(await h.runtime.call('bookcase', WORKER, { action: 'myLoans' })).current
    await h.setClock(new Date(new Date(loan.borrowedAt).getTime() + 20 * DAY - 60_000))
    const loans = expectOk<any>(await h.runtime.call('bookcase', WORKER, { action: 'myLoans' }))
    expect(loans.current[0]).toMatchObject({ title: '活着', overdueDays: 5, fee: 500, daysLeft: null })

    const returned = await h.giveBack(WORKER, 'cabinet-2', [bookTag(0)])
    expect(returned.returned[0]).toMatchObject({ title: '活着', days: 20, fee: 500, mine: true })
    expect(returned.message).toBe('还书成功《活着》 借阅 20 天 逾期费 5 元')
    const account = await h.account(WORKER)
    expect(account).toMatchObject({ balance: 4000, activeLoans: 0, toPay: 500 })
    expect(account.history.map((e: any) => [e.kind, e.amount, e.balanceAfter])).toEqual([
      ['fee', -500, 4000],
      ['deposit', 4500, 4500],
    ])
  })
})
