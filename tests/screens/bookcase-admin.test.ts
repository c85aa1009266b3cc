/**
 * 书柜管理 (issue 13, one call per user action): waiving a fee and recording a manual refund answer
 * the changed loan / refund, and the screen shows that answer without reading its list again.
 */
import type { Answer } from '../../functions/contract'
import { answerCloud, cloudCalls, installWeChatDoubles, renderScreen, settle, textOf, recordWeChatCalls, wxCalls } from './support/simulate'

type AdminLoan = Answer<'bookcase', 'adminLoans'>['items'][number]
type ManualRefund = Answer<'bookcase', 'manualRefunds'>['items'][number]

beforeAll(() => {
  installWeChatDoubles()
  recordWeChatCalls({
    showToast: () => ({}),
    showModal: () => ({ confirm: true, cancel: false }),
  })
})

/** A loan as waiveFee answers it; the admin's list adds the borrower. */
const loanState = (loanId: string, title: string, fee: number): Answer<'bookcase', 'waiveFee'> => ({
  loanId,
  title,
  isbn: '9787506365437',
  status: 'returned',
  borrowedAt: Date.parse('2026-03-02T02:00:00.000Z'),
  dueAt: Date.parse('2026-03-17T02:00:00.000Z'),
  dueDate: '2026-03-17',
  daysLeft: null,
  dueText: null,
  feeText: null,
  overdueDays: null,
  fee,
  returnedAt: Date.parse('2026-03-20T02:00:00.000Z'),
  overLimit: false,
  waived: false,
})
const loan = (loanId: string, title: string, fee: number): AdminLoan => ({ ...loanState(loanId, title, fee), openid: `reader-${loanId}` })

const refund = (refundId: string, name: string): ManualRefund => ({
  refundId,
  amount: 4500,
  status: 'manual',
  createdAt: Date.parse('2026-03-02T02:00:00.000Z'),
  manualAmount: 4500,
  message: '待人工退还 45 元',
  openid: `reader-${refundId}`,
  contact: { realName: name, phone: '13900000000', workUnit: '青岛地铁集团' },
})

/** Renders the screen answering each list from `lists` and each action with `actions[action]`. */
async function render(lists: Record<string, unknown>, actions: Record<string, unknown>, tab: string) {
  answerCloud((_name, data) => {
    if (data.action in lists) return { ok: true, data: lists[data.action] }
    if (data.action in actions) return { ok: true, data: actions[data.action] }
    return { ok: true, data: { items: [], hasMore: false } }
  })
  const screen = renderScreen('screens/admin/BookcaseAdminScreen')
  await settle()
  const tabs = screen.querySelectorAll('.bookcase__tab')
  tabs.find((t: any) => textOf(t) === tab)!.dispatchEvent('tap')
  await settle()
  return screen
}
const callsOf = (action: string) => cloudCalls.filter((c) => c.data.action === action).length

test('减免费用: the answer is the loan’s new state; its row shows it and the list is not read again', async () => {
  const waived: Answer<'bookcase', 'waiveFee'> = { ...loanState('L2', '三体', 0), waived: true }
  const screen = await render(
    { adminLoans: { items: [loan('L1', '活着', 0), loan('L2', '三体', 600)], hasMore: false } },
    { waiveFee: waived },
    '借阅',
  )
  expect(textOf(screen)).toContain('6 元')
  const buttons = () => screen.querySelectorAll('.adm-button')
  expect(buttons()).toHaveLength(1)
  buttons()[0].dispatchEvent('tap')
  await settle()
  expect(cloudCalls.find((c) => c.data.action === 'waiveFee')?.data).toEqual({ action: 'waiveFee', loanId: 'L2', reason: '管理员减免' })
  expect(callsOf('adminLoans')).toBe(1)
  expect(wxCalls.find((c) => c.api === 'showToast')?.args.title).toBe('已减免')
  expect(textOf(screen)).toContain('（已减免）')
  expect(textOf(screen)).toContain('reader-L2')
  expect(buttons()).toHaveLength(0)
})

test('已线下退还: the answer is the refund’s new state; it leaves the list, which is not read again', async () => {
  const done: Answer<'bookcase', 'completeManualRefund'> = { ...refund('R1', '张三'), status: 'manualDone', manualAmount: 0 }
  const screen = await render(
    { manualRefunds: { items: [refund('R1', '张三'), refund('R2', '李四')], hasMore: false } },
    { completeManualRefund: done },
    '人工退款',
  )
  expect(textOf(screen)).toContain('张三')
  screen.querySelectorAll('.bookcase__link')[0].dispatchEvent('tap')
  await settle()
  expect(cloudCalls.find((c) => c.data.action === 'completeManualRefund')?.data).toEqual({ action: 'completeManualRefund', refundId: 'R1' })
  expect(callsOf('manualRefunds')).toBe(1)
  expect(textOf(screen)).not.toContain('张三')
  expect(textOf(screen)).toContain('李四')
})
