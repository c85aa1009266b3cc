import {
  checkBorrowEligibility,
  checkRefund,
  deductFee,
  diffDoorTags,
  doorSessionExpiresAt,
  isDoorSessionActive,
  isOverLimit,
  overLimitFlags,
  refundableAmount,
  topUpAmount,
} from '../../../domain/bookcase'
import { makeConfig } from '../../../domain/config'

const ready = { depositFen: 4500, unsettledFeeFen: 0, activeLoans: 0 }

describe('checkBorrowEligibility', () => {
  it('lets a person with the full deposit, no fee and fewer than 2 loans borrow', () => {
    expect(checkBorrowEligibility(ready)).toEqual({ ok: true })
    expect(checkBorrowEligibility({ ...ready, activeLoans: 1 })).toEqual({ ok: true })
  })

  it('DEPOSIT_REQUIRED without a deposit or with a partial one, saying how much', () => {
    expect(checkBorrowEligibility({ ...ready, depositFen: 0 })).toEqual({
      ok: false,
      code: 'DEPOSIT_REQUIRED',
      message: '借书需先缴纳押金 45 元',
    })
    expect(checkBorrowEligibility({ ...ready, depositFen: 4200 })).toEqual({
      ok: false,
      code: 'DEPOSIT_REQUIRED',
      message: '押金余额 42 元，请补缴 3 元后借书',
    })
    expect(checkBorrowEligibility({ ...ready, depositFen: 4499 })).toMatchObject({
      code: 'DEPOSIT_REQUIRED',
      message: '押金余额 44.99 元，请补缴 0.01 元后借书',
    })
  })

  it('FEE_UNPAID while any fee is unsettled, before anything else', () => {
    expect(checkBorrowEligibility({ depositFen: 0, unsettledFeeFen: 300, activeLoans: 5 })).toEqual({
      ok: false,
      code: 'FEE_UNPAID',
      message: '有 3 元逾期费用未结清，请先还书并补缴押金',
    })
  })

  it('LOAN_LIMIT at the limit, configurable', () => {
    expect(checkBorrowEligibility({ ...ready, activeLoans: 2 })).toEqual({
      ok: false,
      code: 'LOAN_LIMIT',
      message: '最多同时借阅 2 本，请先还书',
    })
    expect(checkBorrowEligibility({ ...ready, activeLoans: 3 })).toMatchObject({ code: 'LOAN_LIMIT' })
    const three = makeConfig({ bookcase: { loanLimit: 3 } }).bookcase
    expect(checkBorrowEligibility({ ...ready, activeLoans: 2 }, three)).toEqual({ ok: true })
  })
})

describe('deposit ledger', () => {
  it('a fee is deducted up to the balance; what is left over stays owed', () => {
    expect(deductFee(4500, 300)).toEqual({ deductedFen: 300, depositFen: 4200, unpaidFen: 0 })
    expect(deductFee(4500, 4500)).toEqual({ deductedFen: 4500, depositFen: 0, unpaidFen: 0 })
    expect(deductFee(4200, 4500)).toEqual({ deductedFen: 4200, depositFen: 0, unpaidFen: 300 })
    expect(deductFee(0, 100)).toEqual({ deductedFen: 0, depositFen: 0, unpaidFen: 100 })
    expect(deductFee(4500, 0)).toEqual({ deductedFen: 0, depositFen: 4500, unpaidFen: 0 })
  })

  it('top-up back to the full deposit', () => {
    expect(topUpAmount(4200)).toBe(300)
    expect(topUpAmount(0)).toBe(4500)
    expect(topUpAmount(4500)).toBe(0)
  })

  it('refunds what is left only when nothing is out and nothing is owed', () => {
    expect(refundableAmount({ depositFen: 4200, unsettledFeeFen: 0, activeLoans: 0 })).toBe(4200)
    expect(refundableAmount({ depositFen: 4500, unsettledFeeFen: 0, activeLoans: 1 })).toBe(0)
    expect(refundableAmount({ depositFen: 0, unsettledFeeFen: 100, activeLoans: 0 })).toBe(0)
    expect(checkRefund({ depositFen: 4200, unsettledFeeFen: 0, activeLoans: 0 })).toEqual({ ok: true, amountFen: 4200 })
    expect(checkRefund({ depositFen: 4500, unsettledFeeFen: 0, activeLoans: 1 })).toMatchObject({ ok: false, code: 'CONFLICT' })
    expect(checkRefund({ depositFen: 0, unsettledFeeFen: 0, activeLoans: 0 })).toMatchObject({ ok: false, message: '没有可退的押金' })
    expect(checkRefund({ depositFen: 0, unsettledFeeFen: 50, activeLoans: 0 })).toMatchObject({ ok: false, code: 'FEE_UNPAID' })
  })
})

describe('超额', () => {
  it('flags loans beyond the limit', () => {
    expect(isOverLimit(2)).toBe(false)
    expect(isOverLimit(3)).toBe(true)
    expect(overLimitFlags(1, 3)).toEqual([false, true, true])
    expect(overLimitFlags(0, 2)).toEqual([false, false])
    expect(overLimitFlags(2, 1)).toEqual([true])
    expect(overLimitFlags(0, 0)).toEqual([])
  })
})

describe('door close', () => {
  it('tags that left are taken, tags that appeared arrived', () => {
    expect(diffDoorTags(['A', 'B', 'C'], ['C', 'A'])).toEqual({ taken: ['B'], arrived: [] })
    expect(diffDoorTags(['A'], ['A', 'X'])).toEqual({ taken: [], arrived: ['X'] })
    expect(diffDoorTags(['A', 'B'], ['B', 'Y'])).toEqual({ taken: ['A'], arrived: ['Y'] })
    expect(diffDoorTags([], [])).toEqual({ taken: [], arrived: [] })
    expect(diffDoorTags(['A', 'A', 'B'], ['B', 'Z', 'Z'])).toEqual({ taken: ['A'], arrived: ['Z'] })
  })

  it('a door session lasts 2 minutes or until closed', () => {
    const openedAt = new Date('2026-11-23T01:00:00Z')
    expect(doorSessionExpiresAt(openedAt).toISOString()).toBe('2026-11-23T01:02:00.000Z')
    expect(isDoorSessionActive({ openedAt }, new Date('2026-11-23T01:01:59.999Z'))).toBe(true)
    expect(isDoorSessionActive({ openedAt }, new Date('2026-11-23T01:02:00Z'))).toBe(false)
    expect(isDoorSessionActive({ openedAt, closedAt: new Date('2026-11-23T01:00:30Z') }, new Date('2026-11-23T01:01:00Z'))).toBe(false)
  })
})
