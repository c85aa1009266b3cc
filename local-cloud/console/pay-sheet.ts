/**
 * WeChat Pay's payment sheet, as the local cloud plays it. On H5 the app has no sheet: it asks the
 * `payments/settle` dev control to pay. By default that pays at once; switched to "console", the
 * request waits — as `wx.requestPayment` waits while the sheet is open — until the developer chooses
 * 支付成功 or 支付失败 on the console, or gives up after a while as a person closing the sheet would.
 */
import type { LocalRuntime } from '../types'

export type PaySheetMode = 'auto' | 'console'

export type PaySheetOutcome = 'paid' | 'failed' | 'abandoned'

/** Taro's H5 request gives up after 60 s; the sheet closes a little before. */
const SHEET_OPEN_MS = 55_000

export class PaySheet {
  mode: PaySheetMode = 'auto'
  private open = new Map<string, (succeed: boolean | null) => void>()

  constructor(
    private runtime: LocalRuntime,
    private openForMs = SHEET_OPEN_MS,
  ) {}

  /** The payer is asked; answers what happened, having told payNotify as WeChat Pay would. */
  async pay(outTradeNo: string, succeed: boolean): Promise<{ outcome: PaySheetOutcome; notifyAnswer?: unknown }> {
    let decision: boolean | null = succeed
    if (this.mode === 'console') {
      this.open.get(outTradeNo)?.(null)
      decision = await new Promise<boolean | null>((resolve) => {
        const timer = setTimeout(() => resolve(null), this.openForMs)
        this.open.set(outTradeNo, (value) => {
          clearTimeout(timer)
          resolve(value)
        })
      })
      this.open.delete(outTradeNo)
    }
    if (decision === null) return { outcome: 'abandoned' }
    const notifyAnswer = await this.runtime.cloud.payments.settle(outTradeNo, decision)
    return { outcome: decision ? 'paid' : 'failed', notifyAnswer }
  }

  /** The developer's choice on the console: closes the waiting sheet, or settles the order directly. */
  async decide(outTradeNo: string, succeed: boolean): Promise<void> {
    const waiting = this.open.get(outTradeNo)
    if (waiting) waiting(succeed)
    else await this.runtime.cloud.payments.settle(outTradeNo, succeed)
  }

  /** Orders whose sheet is open now (the app is waiting on them). */
  waiting(): string[] {
    return [...this.open.keys()]
  }
}

const sheets = new WeakMap<LocalRuntime, PaySheet>()

export function paySheet(runtime: LocalRuntime): PaySheet {
  let sheet = sheets.get(runtime)
  if (!sheet) {
    sheet = new PaySheet(runtime)
    sheets.set(runtime, sheet)
  }
  return sheet
}
