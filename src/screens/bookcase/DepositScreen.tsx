import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { formatYuanCn } from '@domain/money'
import { formatDateTimeCn } from '@domain/time'
import { ErrorState, Loading } from '../../components/StateView'
import { useCloudData } from '../../hooks/useCloudData'
import type { Answer } from '../../../functions/contract'
import { cloud, errorText } from '../../services/cloud'
import { payDeposit } from '../../services/bookcase'
import { disabledIf } from './disabledIf'
import { confirmDestructive } from '../../components/confirm'
import './bookcase.scss'

/**
 * What the big number is, in words: the balance left of the deposit, and how it stands against the
 * full deposit (a 39 元 balance of a 45 元 deposit is not "已缴纳": 6 元 went to fees).
 */
function balanceLabel(account: Answer<'bookcase', 'account'>): string {
  if (account.status === 'none') return '押金余额（尚未缴纳押金）'
  if (account.status === 'refunded') return '押金余额（押金已退还）'
  if (account.balance < account.deposit) return `押金余额（已扣逾期费 ${formatYuanCn(account.deposit - account.balance)}）`
  return '押金余额（押金已交足）'
}

/**
 * The deposit: balance, pay or top up, refund, and every change to it. Paying and refunding answer the
 * account to show next, so an action is one call (paying: one more after WeChat Pay's sheet).
 */
export default function DepositScreen() {
  const [state, reload, show] = useCloudData(() => cloud.bookcase.account())
  const [busy, setBusy] = useState(false)

  if (state.status === 'loading') return <Loading />
  if (state.status === 'error') return <ErrorState message={state.message} onRetry={reload} />
  const account = state.data

  const run = async (work: () => Promise<Answer<'bookcase', 'account'>>) => {
    setBusy(true)
    try {
      show(await work())
    } catch (error) {
      Taro.showToast({ title: errorText(error), icon: 'none' })
    } finally {
      setBusy(false)
    }
  }

  const pay = () =>
    run(async () => {
      const { account: next, settled } = await payDeposit()
      if (!settled) Taro.showToast({ title: '支付结果确认中，请稍后下拉刷新', icon: 'none' })
      return next
    })

  const refund = async () => {
    const sure = await confirmDestructive({
      title: '退还押金？',
      content: `将退还押金余额 ${formatYuanCn(account.balance)} 到微信零钱，之后借书需要重新缴纳押金。`,
      confirmText: '退押金',
      cancelText: '先不退',
    })
    if (sure) await run(async () => (await cloud.bookcase.refundDeposit()).account)
  }

  return (
    <View className='bookcase'>
      <View className='bookcase__balance'>
        <Text className='bookcase__hint bookcase__balance-label'>{balanceLabel(account)}</Text>
        <Text className='bookcase__balance-amount'>{formatYuanCn(account.balance)}</Text>
        {account.owedFee > 0 && <Text className='bookcase__warning'>欠缴逾期费用 {formatYuanCn(account.owedFee)}</Text>}
        <Text className='bookcase__hint'>借书押金 {formatYuanCn(account.deposit)}，逾期费用从押金中扣除</Text>
      </View>
      {account.toPay > 0 && (
        <Button className='bookcase__primary' loading={busy} disabled={disabledIf(busy)} onClick={pay}>
          {account.status === 'active' ? `补缴 ${formatYuanCn(account.toPay)}` : `缴纳押金 ${formatYuanCn(account.toPay)}`}
        </Button>
      )}
      {account.balance > 0 && (
        <Button className='bookcase__secondary bookcase__refund' disabled={disabledIf(busy || account.activeLoans > 0)} onClick={refund}>
          {account.activeLoans > 0 ? '还书后可退押金' : `退还押金余额 ${formatYuanCn(account.balance)}`}
        </Button>
      )}
      {account.refund && <Text className={`bookcase__notice bookcase__notice--${account.refund.status}`}>{account.refund.message}</Text>}
      <Text className='bookcase__subtitle'>押金明细</Text>
      {account.history.length === 0 && <Text className='bookcase__hint'>暂无记录</Text>}
      {account.history.map((entry) => (
        <View key={`${entry.kind}-${entry.at}-${entry.amount}`} className='bookcase__entry'>
          <View className='bookcase__entry-text'>
            <Text>{entry.note}</Text>
            <Text className='bookcase__hint'>{formatDateTimeCn(new Date(entry.at))}</Text>
          </View>
          <Text className={entry.amount < 0 ? 'bookcase__minus' : 'bookcase__plus'}>
            {entry.amount > 0 ? '+' : '−'}
            {formatYuanCn(Math.abs(entry.amount))}
          </Text>
        </View>
      ))}
    </View>
  )
}
