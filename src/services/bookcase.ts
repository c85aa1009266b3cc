import Taro from '@tarojs/taro'
import type { Answer } from '../../functions/contract'
import { cloud, CloudError } from './cloud'
import { isLocalMode } from './persona'

/** The cabinet id in a scanned code or a page's query (`cabinetId=`, a mini-program code's `scene`, a plain id). */
export { cabinetIdFrom } from '@domain/links'

/** What a payment leaves to show: the account, and whether WeChat Pay's result has reached it yet. */
export interface DepositPaid {
  account: Answer<'bookcase', 'account'>
  /** false while WeChat Pay's notice is still on its way (the account does not show the payment yet) */
  settled: boolean
  /** the page of the cabinet paid at, when one was given */
  cabinet?: Answer<'bookcase', 'cabinet'>
}

/**
 * Pays what the deposit lacks and answers the account the deposit screen shows next (and, paid at a
 * cabinet, that cabinet's page): WeChat Pay's sheet in the mini-program; on the local cloud the payment
 * is settled through its dev control, as WeChat Pay would call back. Nothing (left) to pay: the first
 * answer already is the account.
 */
export async function payDeposit(cabinetId?: string): Promise<DepositPaid> {
  const answer = await cloud.bookcase.payDeposit({ cabinetId })
  if (answer.paid) return { account: answer.account, settled: true, cabinet: answer.cabinet }
  if (isLocalMode) {
    await localControl('payments/settle', { outTradeNo: answer.outTradeNo, succeed: true })
  } else {
    try {
      await Taro.requestPayment(answer.payment)
    } catch {
      throw new CloudError('PAYMENT_FAILED')
    }
  }
  const result = await cloud.bookcase.paymentResult({ outTradeNo: answer.outTradeNo, cabinetId })
  if (result.status === 'failed') throw new CloudError('PAYMENT_FAILED')
  return { account: result.account, settled: result.status === 'paid', cabinet: result.cabinet }
}

// —— local mode only: the cabinet simulator's dev controls (CONTRACT.md) ——

export interface SimulatorState {
  cabinets: { cabinetId: string; online: boolean; queued: number; doors: { door: number; open: boolean; tags: string[] }[] }[]
  booksOnLoan: { tag: string; title: string }[]
}

export async function localControl<T = unknown>(route: string, data?: Record<string, unknown>): Promise<T> {
  const response = await Taro.request({
    url: `${LOCAL_CLOUD_URL}/__local/${route}`,
    method: data ? 'POST' : 'GET',
    data,
    header: { 'content-type': 'application/json' },
  })
  const body = response.data as { ok?: boolean; data?: T; message?: string }
  if (response.statusCode !== 200 || body?.ok === false) throw new CloudError('INVALID_ARGUMENT', body?.message ?? '模拟器操作失败')
  return (body?.data ?? body) as T
}
