/** What a door close means, decided from what was read (functions/bookcase/closePlan.ts). */
import { planClose, type CloseReads } from '../../../functions/bookcase/closePlan'
import type { BookRecord, DoorRecord, LoanRecord } from '../../../functions/bookcase/records'

const at = new Date('2026-03-02T02:00:00Z')

const door: DoorRecord = {
  _id: 'cabinet-1-1',
  cabinetId: 'cabinet-1',
  door: 1,
  capacity: 4,
  tags: ['taken', 'stays'],
  unknownTags: ['stranger'],
  open: true,
  sessionId: 'S1',
  heldUntil: at,
}

const book = (tag: string, fields: Partial<BookRecord> = {}): BookRecord => ({
  _id: tag,
  isbn: '9787506365437',
  title: `书${tag}`,
  author: '作者',
  cover: '',
  status: 'shelved',
  cabinetId: 'cabinet-1',
  door: 1,
  loanId: null,
  registeredAt: at,
  ...fields,
})

const loan = { _id: 'L1', tag: 'back', title: '书back', openid: 'borrower', borrowedAt: at, waived: false } as LoanRecord

function reads(overrides: Partial<CloseReads> = {}): CloseReads {
  return {
    cabinetId: 'cabinet-1',
    eventKey: 'cabinet-1-e1',
    eventId: 'e1',
    door,
    // 'taken' and 'stranger' left; a loan's book, a book of another door, a lost one and an unknown tag came.
    tags: ['stays', 'back', 'moved', 'lost', 'new'],
    at,
    session: { id: 'S1', openid: 'me', activeLoans: 0, loanYear: null },
    books: new Map([
      ['taken', book('taken')],
      ['moved', book('moved', { cabinetId: 'cabinet-2', door: 3 })],
      ['lost', book('lost', { status: 'lost', cabinetId: null, door: null, loanId: 'L0' })],
    ]),
    openLoans: new Map([['back', loan]]),
    ...overrides,
  }
}

test('with a session: what left is its owner’s loan, what came is shelved (a loan’s book returned), strangers are kept unknown', () => {
  const planned = planClose(reads())
  expect(planned.tags).toEqual(['stays', 'back', 'moved', 'lost'])
  expect(planned.unknownTags).toEqual(['new'])
  expect(planned.freed).toBe(true)
  const { close } = planned
  expect(close).toMatchObject({ sessionId: 'S1', openid: 'me', taken: [{ tag: 'taken', title: '书taken' }], missing: [] })
  expect(close.returned).toEqual([{ loanId: 'L1', tag: 'back', title: '书back', openid: 'borrower', borrowedAt: at, waived: false }])
  // Each book changes only while as the close saw it: a returned one by its loan.
  expect(close.shelve).toEqual([
    { _id: 'back', loanId: 'L1' },
    { _id: 'moved', status: 'shelved', cabinetId: 'cabinet-2', door: 3, loanId: null },
    { _id: 'lost', status: 'lost', cabinetId: null, door: null, loanId: 'L0' },
  ])
  expect(close.forget).toEqual([{ cabinetId: 'cabinet-2', door: 3, tag: 'moved' }])
  expect(close.alerts.map((alert) => [alert.kind, alert.tag])).toEqual([
    ['bookMoved', 'moved'],
    ['lostReturned', 'lost'],
    ['unknownTag', 'new'],
  ])
  expect(close.answer.result).toEqual({ sessionId: 'S1', borrowed: ['taken'], returned: ['back'], missing: [], unknown: ['new'] })
})

test('without a session a book that left is missing (an alert), never a loan; a late close leaves a door claimed since to its holder', () => {
  const planned = planClose(reads({ session: null, door: { ...door, open: false, sessionId: 'S2' } }))
  expect(planned.close.taken).toEqual([])
  expect(planned.close.missing).toEqual([{ _id: 'taken', status: 'shelved', cabinetId: 'cabinet-1', door: 1, loanId: null }])
  expect(planned.close.alerts[0]).toMatchObject({ kind: 'missingBook', tag: 'taken', openid: null })
  expect(planned.close.answer.result).toMatchObject({ sessionId: null, borrowed: [], missing: ['taken'] })
  expect(planned.freed).toBe(false)
})
