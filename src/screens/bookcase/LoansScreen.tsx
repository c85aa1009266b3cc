import { useCallback, useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { formatYuanCn } from '@domain/money'
import { formatDateStringCn } from '@domain/time'
import { Empty, ErrorState, Loading } from '../../components/StateView'
import { useJoinedLoad, useScreenRefresh } from '../../hooks/useScreenRefresh'
import type { Answer } from '../../../functions/contract'
import { cloud, errorText } from '../../services/cloud'
import './bookcase.scss'

type Loan = Answer<'bookcase', 'myLoans'>['current'][number]

/** The server's day count and fee line (domain loanDue), the same words as the reminders. */
function currentLine(loan: Loan): string {
  if (loan.overdueDays && loan.waived) return `${loan.dueText} · 逾期费已减免`
  return [loan.dueText, loan.feeText].filter(Boolean).join(' · ')
}

function pastLine(loan: Loan): string {
  if (loan.status === 'lost') return `按丢失处理 · 扣除押金 ${formatYuanCn(loan.fee)}`
  if (loan.waived) return '已归还 · 逾期费已减免'
  return loan.fee > 0 ? `已归还 · 逾期费 ${formatYuanCn(loan.fee)}` : '已归还 · 未产生费用'
}

/** My loans: books out (due date, days left or the overdue fee so far), then the history. */
export default function LoansScreen() {
  const [current, setCurrent] = useState<Loan[]>([])
  const [history, setHistory] = useState<Loan[]>([])
  const [hasMore, setHasMore] = useState(false)
  const [status, setStatus] = useState<'loading' | 'ready' | 'error'>('loading')
  const [error, setError] = useState('')

  const load = useCallback(async (offset: number) => {
    try {
      const page = await cloud.bookcase.myLoans({ offset })
      setCurrent(page.current)
      setHistory((before) => (offset === 0 ? page.history : [...before, ...page.history]))
      setHasMore(page.hasMore)
      setStatus('ready')
    } catch (failure) {
      setError(errorText(failure))
      setStatus('error')
    }
  }, [])

  const reloadFirstPage = useJoinedLoad(() => load(0))
  useEffect(() => {
    void reloadFirstPage()
  }, [reloadFirstPage])
  useScreenRefresh(reloadFirstPage)

  Taro.useReachBottom(() => {
    if (hasMore && status === 'ready') load(history.length)
  })

  if (status === 'loading') return <Loading />
  if (status === 'error') return <ErrorState message={error} onRetry={() => load(0)} />
  if (current.length === 0 && history.length === 0) return <Empty title='还没有借过书' hint='到任一职工书柜扫码即可借书' />
  return (
    <View className='bookcase'>
      <Text className='bookcase__subtitle'>在借（{current.length}）</Text>
      {current.length === 0 && <Text className='bookcase__hint'>没有在借的图书</Text>}
      {current.map((loan) => (
        <View key={loan.loanId} className={`bookcase__loan ${loan.overdueDays ? 'bookcase__loan--overdue' : ''}`}>
          <Text className='bookcase__loan-title'>
            《{loan.title}》{loan.overLimit && <Text className='bookcase__tag'>超额</Text>}
          </Text>
          <Text className='bookcase__hint'>应还日期 {formatDateStringCn(loan.dueDate)}</Text>
          <Text className='bookcase__loan-state'>{currentLine(loan)}</Text>
        </View>
      ))}
      {history.length > 0 && <Text className='bookcase__subtitle'>借阅记录</Text>}
      {history.map((loan) => (
        <View key={loan.loanId} className='bookcase__loan bookcase__loan--past'>
          <Text className='bookcase__loan-title'>《{loan.title}》</Text>
          <Text className='bookcase__hint'>{pastLine(loan)}</Text>
        </View>
      ))}
    </View>
  )
}
