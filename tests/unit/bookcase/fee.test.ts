import { accruingFees, daysKept, dueAt, dueDate, loanFee, loanReminder, lostAfter } from '../../../domain/bookcase'
import { makeConfig } from '../../../domain/config'
import { DAY_MS, shanghaiInstant } from '../../../domain/time'

const borrowed = shanghaiInstant('2026-11-23', '20:15')
const after = (ms: number) => new Date(borrowed.getTime() + ms)
const FREE = 15 * DAY_MS

describe('loanFee', () => {
  it('is 0 through exactly 15 × 24 h', () => {
    expect(loanFee(borrowed, borrowed)).toEqual({ feeFen: 0, overdueDays: 0, state: 'free' })
    expect(loanFee(borrowed, after(FREE - 1))).toEqual({ feeFen: 0, overdueDays: 0, state: 'free' })
    expect(loanFee(borrowed, after(FREE))).toEqual({ feeFen: 0, overdueDays: 0, state: 'free' })
  })

  it('is 100 fen from the first millisecond (and second) after the free period', () => {
    expect(loanFee(borrowed, after(FREE + 1))).toEqual({ feeFen: 100, overdueDays: 1, state: 'overdue' })
    expect(loanFee(borrowed, after(FREE + 1000))).toEqual({ feeFen: 100, overdueDays: 1, state: 'overdue' })
  })

  it('adds 100 fen for each started day', () => {
    for (let n = 1; n <= 44; n++) {
      expect(loanFee(borrowed, after(FREE + n * DAY_MS)).feeFen).toBe(n * 100)
      expect(loanFee(borrowed, after(FREE + n * DAY_MS + 1)).feeFen).toBe(Math.min((n + 1) * 100, 4500))
    }
  })

  it('reaches the 4500 fen cap at the 45th started day, and the book is lost', () => {
    expect(loanFee(borrowed, after(FREE + 44 * DAY_MS))).toEqual({ feeFen: 4400, overdueDays: 44, state: 'overdue' })
    expect(loanFee(borrowed, after(FREE + 44 * DAY_MS + 1))).toEqual({ feeFen: 4500, overdueDays: 45, state: 'lost' })
    expect(loanFee(borrowed, after(FREE + 45 * DAY_MS))).toEqual({ feeFen: 4500, overdueDays: 45, state: 'lost' })
    expect(loanFee(borrowed, after(400 * DAY_MS))).toMatchObject({ feeFen: 4500, state: 'lost' })
    expect(lostAfter(borrowed)).toEqual(after(59 * DAY_MS))
  })

  it('is computed from the cabinet’s time, not the processing time: an event seen before the free period ended costs nothing', () => {
    const seenAt = after(FREE - 60_000)
    expect(loanFee(borrowed, seenAt).feeFen).toBe(0)
  })

  it('an event timed before the borrow (clock skew) costs nothing', () => {
    expect(loanFee(borrowed, after(-5000))).toEqual({ feeFen: 0, overdueDays: 0, state: 'free' })
  })

  it('follows configuration, a cap that is not a multiple of the daily fee included', () => {
    const config = makeConfig({ bookcase: { freeDays: 30, feePerDayFen: 200, depositFen: 1000 } }).bookcase
    expect(loanFee(borrowed, after(30 * DAY_MS), config).feeFen).toBe(0)
    expect(loanFee(borrowed, after(30 * DAY_MS + 1), config).feeFen).toBe(200)
    expect(loanFee(borrowed, after(34 * DAY_MS + 1), config)).toEqual({ feeFen: 1000, overdueDays: 5, state: 'lost' })
    const odd = makeConfig({ bookcase: { depositFen: 4550 } }).bookcase
    expect(loanFee(borrowed, after(FREE + 45 * DAY_MS), odd)).toEqual({ feeFen: 4500, overdueDays: 45, state: 'overdue' })
    expect(loanFee(borrowed, after(FREE + 45 * DAY_MS + 1), odd)).toEqual({ feeFen: 4550, overdueDays: 46, state: 'lost' })
    expect(lostAfter(borrowed, odd)).toEqual(after(FREE + 45 * DAY_MS))
  })
})

describe('due date', () => {
  it('is borrow + 15 days, shown as the Shanghai date', () => {
    expect(dueAt(borrowed)).toEqual(after(FREE))
    expect(dueDate(borrowed)).toBe('2026-12-08')
    // Borrowed at 00:30 Shanghai (16:30Z the day before): the due date is the Shanghai one.
    const early = shanghaiInstant('2026-11-23', '00:30')
    expect(dueAt(early).toISOString()).toBe('2026-12-07T16:30:00.000Z')
    expect(dueDate(early)).toBe('2026-12-08')
  })
})

describe('daysKept (started days, at least 1)', () => {
  it.each([
    [0, 1],
    [10 * 60_000, 1],
    [DAY_MS, 1],
    [DAY_MS + 1, 2],
    [FREE, 15],
    [FREE + 1, 16],
  ])('after %i ms → %i days', (ms, days) => {
    expect(daysKept(borrowed, after(ms))).toBe(days)
  })
})

describe('loanReminder', () => {
  it('the Shanghai day before the due date, then every overdue day, not once lost', () => {
    expect(loanReminder(borrowed, shanghaiInstant('2026-12-06', '23:59'))).toBeNull()
    expect(loanReminder(borrowed, shanghaiInstant('2026-12-07', '00:00'))).toBe('due_tomorrow')
    expect(loanReminder(borrowed, shanghaiInstant('2026-12-07', '23:59'))).toBe('due_tomorrow')
    expect(loanReminder(borrowed, shanghaiInstant('2026-12-08', '09:00'))).toBeNull()
    expect(loanReminder(borrowed, shanghaiInstant('2026-12-09', '09:00'))).toBe('overdue')
    expect(loanReminder(borrowed, after(FREE + 44 * DAY_MS + 1))).toBeNull()
  })
})

describe('accruingFees', () => {
  it('sums the current fee of books still out', () => {
    const now = after(FREE + 2 * DAY_MS + 1)
    expect(
      accruingFees([{ borrowedAt: borrowed }, { borrowedAt: now }, { borrowedAt: new Date(borrowed.getTime() - 100 * DAY_MS) }], now),
    ).toBe(300 + 0 + 4500)
    expect(accruingFees([], now)).toBe(0)
  })
})
