import { functionConfig, functionNames } from '../../../scripts/build-cloud'
import { cronFunction } from '../../../functions/cron/handler'
import { DAY, bookTag, createBookcase, expectOk, type Bookcase } from './support'

const WORKER = 'local-volunteer-1'

async function run(h: Bookcase, job?: string) {
  return expectOk<any>(
    await h.runtime.invoke('cron', job ? { action: 'run', job } : { Type: 'Timer', TriggerName: 'hourly' }, {
      OPENID: '',
      SOURCE: 'wx_trigger',
    }),
  )
}

async function messages(h: Bookcase, kind: string) {
  return expectOk<any>(await h.runtime.call('user', WORKER, { action: 'messages', pageSize: 50 })).items.filter((m: any) => m.kind === kind)
}

describe('cron', () => {
  let h: Bookcase
  beforeEach(async () => {
    h = await createBookcase()
    await h.payDeposit(WORKER)
    // Borrowed 10:00 Shanghai, 2 March: due 10:00 on 17 March.
    await h.borrow(WORKER, 'cabinet-1', 1, [bookTag(0)])
  })
  afterEach(() => h.runtime.close())

  test('the trigger is one 7-field timer and the function is deployed', () => {
    const triggers = functionConfig(cronFunction).triggers ?? []
    expect(triggers).toHaveLength(1)
    expect(triggers[0].type).toBe('timer')
    expect(triggers[0].config.split(' ')).toHaveLength(7)
    expect(functionNames()).toEqual(expect.arrayContaining(['bookcase', 'cabinetGateway', 'payNotify', 'cron']))
  })

  test('only the cloud may run it', async () => {
    expect(await h.runtime.call('cron', WORKER, { action: 'run' })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(await h.runtime.invoke('cron', { action: 'run', job: 'nope' }, { OPENID: '', SOURCE: 'wx_trigger' })).toMatchObject({
      ok: false,
      code: 'INVALID_ARGUMENT',
    })
  })

  test('the day before the due date: one reminder, however often or concurrently the job runs; none before 09:00', async () => {
    await h.setClock(new Date('2026-03-15T23:30:00Z')) // 07:30 on 16 March, Shanghai
    expect((await run(h, 'loanReminders')).loanReminders).toHaveProperty('skipped')
    await h.setClock(new Date('2026-03-16T01:00:00Z')) // 09:00 on 16 March
    const results = await Promise.all([run(h), run(h), run(h, 'loanReminders')])
    expect(results.reduce((sum, r) => sum + r.loanReminders.dueSoon, 0)).toBe(1)
    const [reminder] = await messages(h, 'dueSoon')
    expect(reminder.body).toBe('《活着》应于 3月17日 周二 前归还，逾期每天 1 元')
    expect(await messages(h, 'overdue')).toEqual([])
  })

  test('overdue: one notice a day with the fee so far', async () => {
    const [loan] = expectOk<any>(await h.runtime.call('bookcase', WORKER, { action: 'myLoans' })).current
    // A minute short of 16 and 17 × 24 h after the borrow: 1 and 2 started days overdue.
    const sinceBorrow = (days: number) => new Date(new Date(loan.borrowedAt).getTime() + days * DAY - 60_000)
    await h.setClock(sinceBorrow(16))
    await run(h)
    await run(h)
    await h.setClock(sinceBorrow(17))
    await run(h)
    const notices = await messages(h, 'overdue')
    expect(notices.map((m: any) => m.body)).toEqual([
      '《活着》已逾期 2 天，目前逾期费 2 元，请尽快到任一书柜归还',
      '《活着》已逾期 1 天，目前逾期费 1 元，请尽快到任一书柜归还',
    ])
  })
})
