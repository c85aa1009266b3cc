import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Input, Text, View } from '@tarojs/components'
import { formatYuanCn } from '@domain/money'
import { formatDateTimeCn, shanghaiYear } from '@domain/time'
import DataTable, { type Column } from '../../components/DataTable'
import ExportButtons from '../../components/ExportButtons'
import { Empty, ErrorState, Loading } from '../../components/StateView'
import { useCloudData } from '../../hooks/useCloudData'
import type { Answer, Input as ActionInput } from '../../../functions/contract'
import { cloud, errorText } from '../../services/cloud'
import BookImportPanel from './BookImportPanel'
import CabinetsPanel from './CabinetsPanel'
import '../bookcase/bookcase.scss'
import './admin-wide.scss'

const tabs = [
  { key: 'cabinets', title: '书柜' },
  { key: 'import', title: '批量导入' },
  { key: 'book', title: '登记图书' },
  { key: 'loans', title: '借阅' },
  { key: 'alerts', title: '异常' },
  { key: 'refunds', title: '人工退款' },
  { key: 'lottery', title: '抽奖' },
] as const

type Tab = (typeof tabs)[number]['key']

/** Runs an action and says how it went; answers its answer, or nothing when it was refused. */
async function attempt<T>(work: () => Promise<T>, done: string): Promise<{ answer: T } | null> {
  try {
    const answer = await work()
    Taro.showToast({ title: done, icon: 'success' })
    return { answer }
  } catch (error) {
    Taro.showToast({ title: errorText(error), icon: 'none' })
    return null
  }
}

type BookField = Exclude<keyof ActionInput<'bookcase', 'registerBook'>, 'cover'>

function RegisterBook() {
  const [book, setBook] = useState<Record<BookField, string>>({ tag: '', isbn: '', title: '', author: '', cabinetId: '', door: '' })
  const field = (key: BookField, label: string) => (
    <View className='bookcase__entry'>
      <Text>{label}</Text>
      <Input className='bookcase__input' value={book[key]} onInput={(event) => setBook({ ...book, [key]: event.detail.value })} />
    </View>
  )
  const submit = () =>
    attempt(
      () =>
        cloud.bookcase.registerBook({
          tag: book.tag,
          isbn: book.isbn,
          title: book.title,
          author: book.author,
          ...(book.cabinetId && book.door ? { cabinetId: book.cabinetId, door: Number(book.door) } : {}),
        }),
      '已登记',
    )
  return (
    <View>
      {field('tag', 'RFID 标签')}
      {field('isbn', 'ISBN')}
      {field('title', '书名')}
      {field('author', '作者')}
      {field('cabinetId', '放入书柜（可选）')}
      {field('door', '柜门号（可选）')}
      <Button className='bookcase__primary' onClick={submit}>
        登记
      </Button>
    </View>
  )
}

type AdminLoan = Answer<'bookcase', 'adminLoans'>['items'][number]
const LOAN_STATUS: Record<AdminLoan['status'], string> = { onLoan: '在借', returned: '已还', lost: '丢失' }
const loanColumns: Column<AdminLoan>[] = [
  {
    key: 'title',
    title: '书名',
    width: 2,
    render: (loan) => (
      <Text>
        《{loan.title}》{loan.overLimit && <Text className='bookcase__tag'>超额</Text>}
      </Text>
    ),
    sortValue: (loan) => loan.title,
  },
  { key: 'who', title: '借阅人', width: 2, render: (loan) => <Text>{loan.openid}</Text>, sortValue: (loan) => loan.openid },
  { key: 'status', title: '状态', render: (loan) => <Text>{LOAN_STATUS[loan.status]}</Text>, sortValue: (loan) => loan.status },
  {
    key: 'borrowed',
    title: '借出',
    render: (loan) => <Text>{formatDateTimeCn(new Date(loan.borrowedAt))}</Text>,
    sortValue: (loan) => new Date(loan.borrowedAt).getTime(),
  },
  { key: 'due', title: '应还', render: (loan) => <Text>{loan.dueDate}</Text>, sortValue: (loan) => loan.dueDate },
  {
    key: 'fee',
    title: '费用',
    render: (loan) => (
      <Text>
        {formatYuanCn(loan.fee)}
        {loan.waived ? '（已减免）' : ''}
      </Text>
    ),
    sortValue: (loan) => loan.fee,
  },
]

function Loans() {
  const [overLimitOnly, setOverLimitOnly] = useState(false)
  const [state, reload, show] = useCloudData(() => cloud.bookcase.adminLoans(overLimitOnly ? { overLimit: true } : {}), [overLimitOnly])
  const waive = async (loanId: string) => {
    const { confirm } = await Taro.showModal({ title: '减免费用', content: '确定减免这笔借阅的逾期费用？已扣的费用将退回押金。' })
    if (!confirm) return
    // The answer is the loan's new state: its row is replaced, nothing is read again.
    const waived = await attempt(() => cloud.bookcase.waiveFee({ loanId, reason: '管理员减免' }), '已减免')
    if (waived && state.status === 'ready') {
      const loan = waived.answer
      show({ ...state.data, items: state.data.items.map((row) => (row.loanId === loan.loanId ? { ...row, ...loan } : row)) })
    }
  }
  return (
    <View>
      <ExportButtons label='借阅报表（按借出月份）' withMonth run={(format, month) => cloud.bookcase.loansReport({ month, format })} />
      <Text className='bookcase__link' onClick={() => setOverLimitOnly(!overLimitOnly)}>
        {overLimitOnly ? '显示全部借阅' : '只看超额借阅'}
      </Text>
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <ErrorState message={state.message} onRetry={reload} />}
      {state.status === 'ready' && (
        <DataTable
          columns={loanColumns}
          rows={state.data.items}
          rowKey={(loan) => loan.loanId}
          searchText={(loan) => `${loan.title} ${loan.openid}`}
          searchPlaceholder='按书名、借阅人筛选'
          empty='没有借阅记录'
          actions={(loan) =>
            !loan.waived &&
            loan.fee > 0 && (
              <Button className='adm-button' size='mini' onClick={() => waive(loan.loanId)}>
                减免费用
              </Button>
            )
          }
        />
      )}
    </View>
  )
}

function Alerts() {
  const [state, reload] = useCloudData(() => cloud.bookcase.alerts())
  if (state.status === 'loading') return <Loading />
  if (state.status === 'error') return <ErrorState message={state.message} onRetry={reload} />
  if (state.data.items.length === 0) return <Empty title='没有待处理的异常' />
  return (
    <View>
      {state.data.items.map((alert) => (
        <View key={alert._id} className='bookcase__loan bookcase__loan--overdue'>
          <Text>{alert.note}</Text>
          <Text className='bookcase__hint'>
            {alert.cabinetId ?? ''} {alert.door ? `${alert.door} 号柜门` : ''} {alert.tag ?? ''} · {formatDateTimeCn(new Date(alert.at))}
          </Text>
        </View>
      ))}
    </View>
  )
}

function ManualRefunds() {
  const [state, reload, show] = useCloudData(() => cloud.bookcase.manualRefunds())
  if (state.status === 'loading') return <Loading />
  if (state.status === 'error') return <ErrorState message={state.message} onRetry={reload} />
  if (state.data.items.length === 0) return <Empty title='没有待人工退还的押金' />
  const { data } = state
  const complete = async (refundId: string) => {
    // The answer is the refund's new state: once nothing of it waits to be paid by hand it leaves the list.
    const done = await attempt(() => cloud.bookcase.completeManualRefund({ refundId }), '已记录')
    if (!done) return
    const refund = done.answer
    show({
      ...data,
      items: data.items.flatMap((row) =>
        row.refundId !== refund.refundId ? [row] : refund.status === 'manual' ? [{ ...row, ...refund }] : [],
      ),
    })
  }
  return (
    <View>
      {state.data.items.map((refund) => (
        <View key={refund.refundId} className='bookcase__loan'>
          <Text className='bookcase__loan-title'>
            {refund.contact ? `${refund.contact.realName} ${refund.contact.phone}` : refund.openid}
          </Text>
          <Text className='bookcase__hint'>待退还 {formatYuanCn(refund.amount)}（押金缴纳已超过一年，需线下转账）</Text>
          <Text className='bookcase__link' onClick={() => complete(refund.refundId)}>
            已线下退还
          </Text>
        </View>
      ))}
    </View>
  )
}

function Lottery() {
  const [seed, setSeed] = useState('')
  const [winners, setWinners] = useState('10')
  const [result, setResult] = useState<Answer<'bookcase', 'drawLottery'> | null>(null)
  // The device clock is good enough for a default the admin sees on the button.
  const year = shanghaiYear(new Date())
  const draw = () =>
    attempt(async () => setResult(await cloud.bookcase.drawLottery({ year, seed, winners: Number(winners) || 1 })), '已开奖')
  return (
    <View>
      <Text className='bookcase__hint'>种子须事先公布（如某期彩票开奖号码）；同一年只开奖一次，任何人可用种子和参与名单复算。</Text>
      <View className='bookcase__entry'>
        <Text>公开种子</Text>
        <Input className='bookcase__input' value={seed} onInput={(event) => setSeed(event.detail.value)} />
      </View>
      <View className='bookcase__entry'>
        <Text>中奖人数</Text>
        <Input className='bookcase__input' type='number' value={winners} onInput={(event) => setWinners(event.detail.value)} />
      </View>
      <Button className='bookcase__primary' onClick={draw}>
        {year} 年度开奖
      </Button>
      {result && (
        <View className='bookcase__header'>
          <Text>
            参与 {result.participantCount} 人 · 名单摘要 {result.participantsDigest.slice(0, 16)}…
          </Text>
          {result.winners.map((winner, index) => (
            <Text key={index}>
              {index + 1}. {winner.name}
            </Text>
          ))}
        </View>
      )}
    </View>
  )
}

/** Admin (书柜管理): cabinets with their printable codes, bulk import and inventory export, book registration, loans (超额, fee waivers), faults, manual refunds, the lottery. */
export default function BookcaseAdminScreen() {
  const [tab, setTab] = useState<Tab>('cabinets')
  return (
    <View className='bookcase adm-wide'>
      <View className='bookcase__tabs'>
        {tabs.map((item) => (
          <Text
            key={item.key}
            className={`bookcase__tab ${tab === item.key ? 'bookcase__tab--current' : ''}`}
            onClick={() => setTab(item.key)}
          >
            {item.title}
          </Text>
        ))}
      </View>
      {tab === 'cabinets' && <CabinetsPanel />}
      {tab === 'import' && <BookImportPanel />}
      {tab === 'book' && <RegisterBook />}
      {tab === 'loans' && <Loans />}
      {tab === 'alerts' && <Alerts />}
      {tab === 'refunds' && <ManualRefunds />}
      {tab === 'lottery' && <Lottery />}
    </View>
  )
}
