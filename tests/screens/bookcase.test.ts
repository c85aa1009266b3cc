import type { Answer } from '../../functions/contract'
import { answerCloud, cloudCalls, installWeChatDoubles, renderScreen, settle, textOf, recordWeChatCalls, wxCalls } from './support/simulate'

type Cabinet = Answer<'bookcase', 'cabinet'>
type Loan = Answer<'bookcase', 'myLoans'>['current'][number]
type DoorSession = Answer<'bookcase', 'session'>
type Account = Answer<'bookcase', 'account'>

beforeAll(() => {
  installWeChatDoubles()
  recordWeChatCalls({
    showToast: () => ({}),
    showModal: () => ({ confirm: true, cancel: false }),
    requestPayment: () => ({ errMsg: 'requestPayment:ok' }),
  })
})

const books = (titles: string[]) =>
  titles.map((title, i) => ({ tag: `T${i}-${title}`, title, author: '作者', isbn: '9787506365437', cover: '' }))

function cabinet(overrides: Partial<Cabinet> = {}): Cabinet {
  return {
    cabinetId: 'cabinet-1',
    name: '五四广场站职工书柜',
    place: '地铁3号线 五四广场站 B 口站厅',
    online: true,
    doors: [
      { door: 1, capacity: 4, free: true, books: books(['活着', '平凡的世界']) },
      { door: 2, capacity: 4, free: false, books: books(['三体']) },
    ],
    account: { balance: 4500, owedFee: 0, deposit: 4500, status: 'active', activeLoans: 0, toPay: 0 },
    canBorrow: { ok: true },
    canReturn: false,
    activeSessionId: null,
    subscribeTemplates: [],
    ...overrides,
  }
}

function showCabinet(data: Cabinet) {
  answerCloud((name, call) => (name === 'bookcase' && call.action === 'cabinet' ? { ok: true, data } : { ok: false, code: 'INTERNAL' }))
  return renderScreen('screens/bookcase/CabinetScreen', { cabinetId: 'cabinet-1' })
}

describe('cabinet page', () => {
  test('ready to borrow: each door with its books; a free door opens for the caller', async () => {
    const screen = showCabinet(cabinet())
    await settle()
    const text = textOf(screen)
    expect(text).toContain('五四广场站职工书柜')
    expect(text).toContain('在线')
    expect(text).toContain('1 号柜门')
    expect(text).toContain('《活着》')
    expect(text).toContain('《三体》')
    expect(text).toContain('使用中')
    expect(text).toContain('任一书柜均可还书')
    expect(cloudCalls[0]).toEqual({ name: 'bookcase', data: { action: 'cabinet', cabinetId: 'cabinet-1' } })
    const buttons = screen.querySelectorAll('.bookcase__door-button')
    expect(buttons).toHaveLength(2)
    buttons[0].dispatchEvent('tap')
    await settle()
    expect(cloudCalls.map((c) => c.data)).toContainEqual({ action: 'openDoor', cabinetId: 'cabinet-1', door: 1 })
  })

  test('no deposit yet: says so and offers to pay 45 yuan', async () => {
    const screen = showCabinet(
      cabinet({
        account: { balance: 0, owedFee: 0, deposit: 4500, status: 'none', activeLoans: 0, toPay: 4500 },
        canBorrow: { ok: false, code: 'DEPOSIT_REQUIRED', message: '借书需先缴纳押金 45 元' },
      }),
    )
    await settle()
    const text = textOf(screen)
    expect(text).toContain('借书需先缴纳押金 45 元')
    expect(text).toContain('缴纳押金 45 元')
  })

  test('paying there: the order, the sheet, then one call answering this cabinet’s page; the page is not read again', async () => {
    const before = cabinet({
      account: { balance: 0, owedFee: 0, deposit: 4500, status: 'none', activeLoans: 0, toPay: 4500 },
      canBorrow: { ok: false, code: 'DEPOSIT_REQUIRED', message: '借书需先缴纳押金 45 元' },
    })
    const order: Answer<'bookcase', 'payDeposit'> = {
      paid: false,
      outTradeNo: 'BK1',
      amount: 4500,
      payment: { timeStamp: '1772416800', nonceStr: 'n1', package: 'prepay_id=wx1', signType: 'MD5', paySign: 'SIGN' },
    }
    const account: Answer<'bookcase', 'account'> = { ...cabinet().account, refund: null, history: [], hasMore: false }
    const result: Answer<'bookcase', 'paymentResult'> = { status: 'paid', account, cabinet: cabinet() }
    answerCloud((_name, call) => {
      if (call.action === 'cabinet') return { ok: true, data: before }
      return { ok: true, data: call.action === 'payDeposit' ? order : result }
    })
    const screen = renderScreen('screens/bookcase/CabinetScreen', { cabinetId: 'cabinet-1' })
    await settle()
    expect(textOf(screen)).toContain('借书需先缴纳押金 45 元')
    screen.querySelector('.bookcase__notice .bookcase__primary')!.dispatchEvent('tap')
    await settle()
    expect(wxCalls.find((c) => c.api === 'requestPayment')?.args).toMatchObject({ package: 'prepay_id=wx1' })
    expect(cloudCalls.map((c) => c.data)).toEqual([
      { action: 'cabinet', cabinetId: 'cabinet-1' },
      { action: 'payDeposit', cabinetId: 'cabinet-1' },
      { action: 'paymentResult', outTradeNo: 'BK1', cabinetId: 'cabinet-1' },
    ])
    expect(textOf(screen)).not.toContain('缴纳押金')
    expect(screen.querySelector('.bookcase__notice')).toBeFalsy()
  })

  test('a fee deducted: asks for the top-up', async () => {
    const screen = showCabinet(
      cabinet({
        account: { balance: 4000, owedFee: 0, deposit: 4500, status: 'active', activeLoans: 0, toPay: 500 },
        canBorrow: { ok: false, code: 'DEPOSIT_REQUIRED', message: '押金余额 40 元，请补缴 5 元 后借书' },
      }),
    )
    await settle()
    expect(textOf(screen)).toContain('补缴押金 5 元')
  })

  test('an overdue fee unsettled, or the loan limit reached: the reason, and returning stays possible', async () => {
    const unpaid = showCabinet(
      cabinet({
        canBorrow: { ok: false, code: 'FEE_UNPAID', message: '有 3 元 逾期费用未结清，请先还书并补缴押金' },
        canReturn: true,
        account: { ...cabinet().account, activeLoans: 1 },
      }),
    )
    await settle()
    expect(textOf(unpaid)).toContain('有 3 元 逾期费用未结清')
    expect(textOf(unpaid)).toContain('您有 1 本书在借')
    const limit = showCabinet(
      cabinet({ canBorrow: { ok: false, code: 'LOAN_LIMIT', message: '最多同时借阅 2 本，请先还书' }, canReturn: true }),
    )
    await settle()
    expect(textOf(limit)).toContain('最多同时借阅 2 本，请先还书')
  })

  test('offline: the cabinet says so', async () => {
    const screen = showCabinet(cabinet({ online: false }))
    await settle()
    expect(textOf(screen)).toContain('书柜暂时离线，请稍后再试或换一个书柜')
    expect(textOf(screen)).toContain('离线')
  })

  test('an unknown cabinet: the Chinese error with a retry', async () => {
    answerCloud(() => ({ ok: false, code: 'NOT_FOUND', message: '书柜不存在，请确认扫描的是职工书柜的二维码' }))
    const screen = renderScreen('screens/bookcase/CabinetScreen', { cabinetId: 'cabinet-9' })
    await settle()
    expect(textOf(screen)).toContain('书柜不存在，请确认扫描的是职工书柜的二维码')
  })
})

describe('my loans', () => {
  const loan = (overrides: Partial<Loan>): Loan => ({
    loanId: 'L1',
    title: '活着',
    isbn: '9787506365437',
    status: 'onLoan',
    borrowedAt: Date.parse('2026-03-02T02:00:00.000Z'),
    dueAt: Date.parse('2026-03-17T02:00:00.000Z'),
    dueDate: '2026-03-17',
    daysLeft: 4,
    dueText: '还剩 4 天',
    feeText: null,
    overdueDays: 0,
    fee: 0,
    returnedAt: null,
    overLimit: false,
    waived: false,
    ...overrides,
  })

  test('books out with due dates, days left or the overdue fee so far, then the history', async () => {
    answerCloud(() => ({
      ok: true,
      data: {
        current: [
          loan({}),
          loan({
            loanId: 'L2',
            title: '三体',
            daysLeft: null,
            overdueDays: 5,
            dueText: '已逾期 5 天',
            feeText: '逾期费 6 元（已计 6 天，每天 1 元，不足一天按一天）',
            fee: 600,
            overLimit: true,
          }),
        ],
        history: [
          loan({
            loanId: 'L3',
            title: '围城',
            status: 'returned',
            daysLeft: null,
            overdueDays: null,
            fee: 200,
            returnedAt: Date.parse('2026-02-20T02:00:00.000Z'),
          }),
        ],
        hasMore: false,
      },
    }))
    const screen = renderScreen('screens/bookcase/LoansScreen')
    await settle()
    const text = textOf(screen)
    expect(text).toContain('在借（2）')
    expect(text).toContain('应还日期 3月17日 周二')
    // the server's one day count and a fee line that says what the number is (domain loanDue)
    expect(text).toContain('还剩 4 天')
    expect(text).toContain('已逾期 5 天 · 逾期费 6 元（已计 6 天，每天 1 元，不足一天按一天）')
    expect(text).toContain('超额')
    expect(text).toContain('《围城》')
    expect(text).toContain('已归还 · 逾期费 2 元')
  })

  test('nothing borrowed yet', async () => {
    answerCloud(() => ({ ok: true, data: { current: [], history: [], hasMore: false } }))
    const screen = renderScreen('screens/bookcase/LoansScreen')
    await settle()
    expect(textOf(screen)).toContain('还没有借过书')
  })
})

describe('door-open progress and result', () => {
  const session = (overrides: Partial<DoorSession>): DoorSession => ({
    sessionId: 'S1',
    cabinetId: 'cabinet-1',
    door: 3,
    purpose: 'borrow',
    status: 'opening',
    expiresAt: Date.parse('2026-03-02T02:02:00.000Z'),
    remainingMs: 120_000,
    openedAt: null,
    closedAt: null,
    message: '正在开门，请稍候…',
    borrowed: [],
    returned: [],
    ...overrides,
  })

  test('opening, then the result once the cabinet reports the door closed', async () => {
    const answers = [
      session({}),
      session({
        status: 'closed',
        message: '借阅成功《活着》 应还日期 3月17日',
        borrowed: [{ loanId: 'L1', title: '活着', dueAt: Date.parse('2026-03-17T02:00:00.000Z'), overLimit: false }],
      }),
    ]
    answerCloud(() => ({ ok: true, data: answers.length > 1 ? answers.shift() : answers[0] }))
    const screen = renderScreen('screens/bookcase/DoorScreen', { sessionId: 'S1' })
    await settle()
    expect(textOf(screen)).toContain('正在开门')
    expect(textOf(screen)).toContain('3 号柜门')
    // At most one call per 5 s while waiting for the cabinet.
    await settle(4000)
    expect(cloudCalls).toHaveLength(1)
    await settle(1300)
    expect(textOf(screen)).toContain('借阅成功《活着》 应还日期 3月17日')
    expect(cloudCalls).toHaveLength(2)
    expect(cloudCalls.every((c) => c.data.action === 'session' && c.data.sessionId === 'S1')).toBe(true)
  }, 15_000)

  test('a return shows the days kept and the fee', async () => {
    answerCloud(() => ({
      ok: true,
      data: session({
        purpose: 'return',
        status: 'closed',
        message: '还书成功《活着》 借阅 20 天 逾期费 5 元',
        returned: [{ loanId: 'L1', title: '活着', mine: true, days: 20, fee: 500 }],
      }),
    }))
    const screen = renderScreen('screens/bookcase/DoorScreen', { sessionId: 'S2' })
    await settle()
    expect(textOf(screen)).toContain('还书成功《活着》 借阅 20 天 逾期费 5 元')
    expect(textOf(screen)).toContain('我的借阅')
  })

  test('a door that did not open says so', async () => {
    answerCloud(() => ({ ok: true, data: session({ status: 'failed', message: '柜门未能打开（柜门锁故障），请重试' }) }))
    const screen = renderScreen('screens/bookcase/DoorScreen', { sessionId: 'S3' })
    await settle()
    expect(textOf(screen)).toContain('开门失败')
    expect(textOf(screen)).toContain('柜门未能打开（柜门锁故障），请重试')
  })
})

describe('deposit: each action is one call, and its answer is what the screen shows next', () => {
  const at = Date.parse('2026-03-02T02:00:00.000Z')
  const paid: Account = {
    balance: 4500,
    owedFee: 0,
    deposit: 4500,
    status: 'active',
    activeLoans: 0,
    toPay: 0,
    refund: null,
    history: [{ kind: 'deposit', amount: 4500, balanceAfter: 4500, note: '缴纳押金', at }],
    hasMore: false,
  }
  const unpaid: Account = { ...paid, balance: 0, status: 'none', toPay: 4500, history: [] }

  function showDeposit(first: Account, answers: Record<string, unknown>) {
    answerCloud((name, call) => {
      if (name === 'bookcase' && call.action === 'account') return { ok: true, data: first }
      return call.action in answers ? { ok: true, data: answers[call.action] } : { ok: false, code: 'INTERNAL' }
    })
    return renderScreen('screens/bookcase/DepositScreen')
  }

  test('refund: the refund call answers the account; nothing is reloaded', async () => {
    const refunded: Answer<'bookcase', 'refundDeposit'> = {
      refund: {
        refundId: 'RF1',
        amount: 4500,
        status: 'processing',
        createdAt: at,
        manualAmount: 0,
        message: '退款 45 元 已提交，将原路退回微信支付账户',
      },
      account: {
        ...paid,
        balance: 0,
        status: 'refunded',
        toPay: 4500,
        history: [{ kind: 'refund', amount: -4500, balanceAfter: 0, note: '退还押金', at }, ...paid.history],
        refund: null,
      },
    }
    refunded.account.refund = refunded.refund
    const screen = showDeposit(paid, { refundDeposit: refunded })
    await settle()
    expect(textOf(screen)).toContain('押金余额（押金已交足）')
    screen.querySelector('.bookcase__refund')!.dispatchEvent('tap')
    await settle()
    expect(wxCalls.find((c) => c.api === 'showModal')?.args.title).toBe('退还押金？')
    const text = textOf(screen)
    expect(text).toContain('押金余额（押金已退还）')
    expect(text).toContain('退款 45 元 已提交，将原路退回微信支付账户')
    expect(text).toContain('退还押金')
    expect(cloudCalls.map((c) => c.data)).toEqual([{ action: 'account' }, { action: 'refundDeposit' }])
  })

  test("payment: the order, WeChat Pay's sheet, then one call that answers the account", async () => {
    const order: Answer<'bookcase', 'payDeposit'> = {
      paid: false,
      outTradeNo: 'BK1',
      amount: 4500,
      payment: { timeStamp: '1772416800', nonceStr: 'n1', package: 'prepay_id=wx1', signType: 'MD5', paySign: 'SIGN' },
    }
    const result: Answer<'bookcase', 'paymentResult'> = { status: 'paid', account: paid }
    const screen = showDeposit(unpaid, { payDeposit: order, paymentResult: result })
    await settle()
    expect(textOf(screen)).toContain('押金余额（尚未缴纳押金）')
    screen.querySelector('.bookcase__primary')!.dispatchEvent('tap')
    await settle()
    expect(wxCalls.find((c) => c.api === 'requestPayment')?.args).toMatchObject({ package: 'prepay_id=wx1', paySign: 'SIGN' })
    expect(textOf(screen)).toContain('押金余额（押金已交足）')
    expect(textOf(screen)).toContain('缴纳押金')
    expect(cloudCalls.map((c) => c.data)).toEqual([
      { action: 'account' },
      { action: 'payDeposit' },
      { action: 'paymentResult', outTradeNo: 'BK1' },
    ])
  })

  test('nothing left to pay (paid meanwhile): the pay call itself answers the account', async () => {
    const screen = showDeposit(unpaid, { payDeposit: { paid: true, account: paid } satisfies Answer<'bookcase', 'payDeposit'> })
    await settle()
    screen.querySelector('.bookcase__primary')!.dispatchEvent('tap')
    await settle()
    expect(textOf(screen)).toContain('押金余额（押金已交足）')
    expect(wxCalls.some((c) => c.api === 'requestPayment')).toBe(false)
    expect(cloudCalls.map((c) => c.data.action)).toEqual(['account', 'payDeposit'])
  })

  test("WeChat Pay's result not in yet: the account as it stands, and the person is told", async () => {
    const order: Answer<'bookcase', 'payDeposit'> = {
      paid: false,
      outTradeNo: 'BK2',
      amount: 4500,
      payment: { timeStamp: '1772416800', nonceStr: 'n2', package: 'prepay_id=wx2', signType: 'MD5', paySign: 'SIGN' },
    }
    const screen = showDeposit(unpaid, { payDeposit: order, paymentResult: { status: 'pending', account: unpaid } })
    await settle()
    screen.querySelector('.bookcase__primary')!.dispatchEvent('tap')
    await settle()
    expect(wxCalls.find((c) => c.api === 'showToast')?.args.title).toBe('支付结果确认中，请稍后下拉刷新')
    expect(cloudCalls.map((c) => c.data.action)).toEqual(['account', 'payDeposit', 'paymentResult'])
  })
})
