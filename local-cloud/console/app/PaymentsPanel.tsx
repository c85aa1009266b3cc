/** WeChat Pay as the local cloud simulates it: orders waiting for the payer, and refunds. */
import { control, shanghai, usePoll, yuan } from './api'

interface Order {
  outTradeNo: string
  body: string
  totalFee: number
  payer: string
  status: 'NOTPAY' | 'SUCCESS' | 'PAYERROR'
  createdAt: string
  paidAt?: string
  refundedFee: number
}

interface Refund {
  outRefundNo: string
  outTradeNo: string
  refundFee: number
  status: 'PROCESSING' | 'SUCCESS' | 'CHANGE'
  createdAt: string
}

const ORDER_STATUS = {
  NOTPAY: ['待支付', 'badge--warn'],
  SUCCESS: ['已支付', 'badge--ok'],
  PAYERROR: ['支付失败', 'badge--error'],
} as const
const REFUND_STATUS = {
  PROCESSING: ['退款中', 'badge--warn'],
  SUCCESS: ['已退款', 'badge--ok'],
  CHANGE: ['退款失败', 'badge--error'],
} as const

export function PaymentsPanel({ report }: { report: (message: string | null) => void }) {
  const orders = usePoll<Order[]>(() => control.get('payments'), 2000)
  const refunds = usePoll<Refund[]>(() => control.get('refunds'), 2000)
  const sheet = usePoll<{ mode: 'auto' | 'console'; waiting: string[] }>(() => control.get('payments/sheet'), 1000)

  const act = async (route: string, body: Record<string, unknown>) => {
    try {
      await control.post(route, body)
      report(null)
    } catch (failure) {
      report((failure as Error).message)
    }
    orders.refresh()
    refunds.refresh()
    sheet.refresh()
  }
  const waiting = new Set(sheet.data?.waiting ?? [])

  const newestFirst = <T extends { createdAt: string }>(list: T[] = []) =>
    [...list].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))

  return (
    <section className='section'>
      <div className='toolbar'>
        <h3 className='grow'>支付订单</h3>
        <span className='muted'>小程序发起支付时</span>
        <div className='segmented' role='group' aria-label='支付确认方式'>
          <button className={sheet.data?.mode === 'auto' ? 'is-active' : ''} onClick={() => act('payments/sheet', { mode: 'auto' })}>
            自动成功
          </button>
          <button className={sheet.data?.mode === 'console' ? 'is-active' : ''} onClick={() => act('payments/sheet', { mode: 'console' })}>
            在这里确认
          </button>
        </div>
      </div>
      <p className='hint'>
        选「在这里确认」时，小程序的支付会停在付款这一步（如同微信支付弹窗），等你点「支付成功」或「支付失败」；结果像微信支付一样回调
        payNotify。
      </p>
      <table className='table'>
        <thead>
          <tr>
            <th>下单时间</th>
            <th>商品</th>
            <th>付款人</th>
            <th className='num'>金额</th>
            <th>状态</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {newestFirst(orders.data).map((order) => (
            <tr key={order.outTradeNo} className={waiting.has(order.outTradeNo) ? 'is-waiting' : ''}>
              <td className='mono muted'>{shanghai(order.createdAt, false)}</td>
              <td>
                {order.body}
                <div className='mono muted small'>{order.outTradeNo}</div>
              </td>
              <td className='mono'>{order.payer}</td>
              <td className='num'>{yuan(order.totalFee)}</td>
              <td>
                <span className={`badge ${ORDER_STATUS[order.status][1]}`}>
                  {waiting.has(order.outTradeNo) ? '付款人确认中' : ORDER_STATUS[order.status][0]}
                </span>
                {order.refundedFee > 0 && <span className='muted small'> 已退 {yuan(order.refundedFee)}</span>}
              </td>
              <td className='actions'>
                {order.status === 'NOTPAY' && (
                  <Settle
                    run={(succeed) => act('payments/decide', { outTradeNo: order.outTradeNo, succeed })}
                    labels={['支付成功', '支付失败']}
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {orders.data?.length === 0 && <p className='empty'>还没有订单：在小程序里缴纳押金试试</p>}

      <h3>退款</h3>
      <table className='table'>
        <thead>
          <tr>
            <th>申请时间</th>
            <th>退款单号</th>
            <th>原订单</th>
            <th className='num'>金额</th>
            <th>状态</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {newestFirst(refunds.data).map((refund) => (
            <tr key={refund.outRefundNo}>
              <td className='mono muted'>{shanghai(refund.createdAt, false)}</td>
              <td className='mono'>{refund.outRefundNo}</td>
              <td className='mono muted'>{refund.outTradeNo}</td>
              <td className='num'>{yuan(refund.refundFee)}</td>
              <td>
                <span className={`badge ${REFUND_STATUS[refund.status][1]}`}>{REFUND_STATUS[refund.status][0]}</span>
              </td>
              <td className='actions'>
                {refund.status === 'PROCESSING' && (
                  <Settle
                    run={(succeed) => act('refunds/settle', { outRefundNo: refund.outRefundNo, succeed })}
                    labels={['退款成功', '退款失败']}
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {refunds.data?.length === 0 && <p className='empty'>还没有退款</p>}
    </section>
  )
}

/** The two outcomes an order or a refund can be given by hand: success (primary) or failure. */
function Settle({ run, labels }: { run: (succeed: boolean) => void; labels: [string, string] }) {
  return (
    <>
      <button className='button button--primary' onClick={() => run(true)}>
        {labels[0]}
      </button>
      <button className='button' onClick={() => run(false)}>
        {labels[1]}
      </button>
    </>
  )
}
