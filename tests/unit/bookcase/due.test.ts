/** The one day count of a loan (issue 14, point 6): what every screen and message says, agreeing with the fee. */
import { loanDue, loanFee } from '../../../domain/bookcase'
import { DAY_MS, HOUR_MS, shanghaiInstant } from '../../../domain/time'

const borrowed = shanghaiInstant('2027-03-01', '10:00')
const at = (days: number, extraMs = 0) => new Date(borrowed.getTime() + days * DAY_MS + extraMs)

test('on the day of borrowing a 15-day loan has 15 days left, not 14', () => {
  expect(loanDue(borrowed, borrowed).text).toBe('还剩 15 天')
  expect(loanDue(borrowed, at(0, 13 * HOUR_MS)).text).toBe('还剩 15 天') // 23:00 the same day
  expect(loanDue(borrowed, at(0, 14 * HOUR_MS + 1)).text).toBe('还剩 14 天') // just after midnight
})

test('counts Shanghai calendar days to the due date; the due date itself is 今天到期 until the due instant', () => {
  expect(loanDue(borrowed, at(14)).text).toBe('还剩 1 天')
  expect(loanDue(borrowed, shanghaiInstant('2027-03-16', '00:01'))).toMatchObject({ kind: 'dueToday', text: '今天到期', daysLeft: 0 })
  expect(loanDue(borrowed, at(15))).toMatchObject({ kind: 'dueToday', feeText: null })
  expect(loanFee(borrowed, at(15)).feeFen).toBe(0)
})

test('late: calendar days past the due date, at least 1; the fee line says how many started days it charges', () => {
  const justLate = loanDue(borrowed, at(15, 1))
  expect(justLate).toMatchObject({ kind: 'overdue', overdueDays: 1, text: '已逾期 1 天' })
  expect(justLate.feeText).toBe('逾期费 1 元（已计 1 天，每天 1 元，不足一天按一天）')
  expect(loanDue(borrowed, at(20, -60_000)).text).toBe('已逾期 5 天')
  const fiveDays36s = loanDue(borrowed, at(20, 36_000))
  expect(fiveDays36s.text).toBe('已逾期 5 天')
  expect(fiveDays36s.fee).toEqual(loanFee(borrowed, at(20, 36_000)))
  expect(fiveDays36s.feeText).toBe('逾期费 6 元（已计 6 天，每天 1 元，不足一天按一天）')
  // the number of the fee line is always the fee
  for (const ms of [1, HOUR_MS, DAY_MS, 3 * DAY_MS + 5, 10 * DAY_MS]) {
    const due = loanDue(borrowed, at(15, ms))
    expect(due.feeText).toContain(`逾期费 ${due.fee.feeFen / 100} 元`)
    expect(due.fee.overdueDays - (due.overdueDays ?? 0)).toBeGreaterThanOrEqual(0)
    expect(due.fee.overdueDays - (due.overdueDays ?? 0)).toBeLessThanOrEqual(1)
  }
})

test('at the cap the book counts as lost and the line says so', () => {
  const lost = loanDue(borrowed, at(60))
  expect(lost.kind).toBe('lost')
  expect(lost.feeText).toBe('已达押金上限 45 元，按丢失处理')
})
