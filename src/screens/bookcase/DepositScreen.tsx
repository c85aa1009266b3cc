import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { formatYuanCn } from '@domain/money'
import { formatDateTimeCn } from '@domain/time'
import { ErrorState, Loading } from '../../components/StateView'
import { useCloudData } from '../../hooks/useCloudData'
import { errorText } from '../../services/cloud'
import { bookcaseApi, payDeposit } from '../../services/bookcase'
import { disabledIf } from './disabledIf'
import './bookcase.scss'

const statusText = { none: '未缴纳', active: '已缴纳', refunded: '已退还' } as const

/** The deposit: balance, pay or top up, refund, and every change to it. */
export default function DepositScreen() {
  const [state, reload] = useCloudData(bookcaseApi.account)
  const [busy, setBusy] = useState(false)

  if (state.status === 'loading') return <Loading />
  if (state.status === 'error') return <ErrorState message={state.message} onRetry={reload} />
  const account = state.data

  const run = async (work: () => Promise<unknown>) => {
    setBusy(true)
    try {
      await work()
    } catch (error) {
      Taro.showToast({ title: errorText(error), icon: 'none' })
    } finally {
      setBusy(false)
      reload()
    }
  }

  const refund = async () => {
    const { confirm } = await Taro.showModal({
      title: '退还押金',
      content: `将退还 ${formatYuanCn(account.balance)}，退还后借书需重新缴纳押金。`,
    })
    if (confirm) await run(bookcaseApi.refundDeposit)
  }

  return (
    <View className='bookcase'>
      <View className='bookcase__balance'>
        <Text className='bookcase__hint'>押金余额（{statusText[account.status]}）</Text>
        <Text className='bookcase__balance-amount'>{formatYuanCn(account.balance)}</Text>
        {account.owedFee > 0 && <Text className='bookcase__warning'>欠缴逾期费用 {formatYuanCn(account.owedFee)}</Text>}
        <Text className='bookcase__hint'>借书押金 {formatYuanCn(account.deposit)}，逾期费用从押金中扣除</Text>
      </View>
      {account.toPay > 0 && (
        <Button className='bookcase__primary' loading={busy} disabled={disabledIf(busy)} onClick={() => run(payDeposit)}>
          {account.status === 'active' ? `补缴 ${formatYuanCn(account.toPay)}` : `缴纳押金 ${formatYuanCn(account.toPay)}`}
        </Button>
      )}
      {account.balance > 0 && (
        <Button className='bookcase__secondary' disabled={disabledIf(busy || account.activeLoans > 0)} onClick={refund}>
          {account.activeLoans > 0 ? '还书后可退押金' : '退还押金'}
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
