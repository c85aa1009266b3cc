import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { formatYuanCn } from '@domain/money'
import { ErrorState, Loading } from '../../components/StateView'
import { useCloudData } from '../../hooks/useCloudData'
import type { Answer } from '../../../functions/contract'
import { cloud, errorText } from '../../services/cloud'
import { payDeposit } from '../../services/bookcase'
import { requestTemplates } from '../../services/subscriptions'
import { disabledIf } from './disabledIf'
import BookSearch from './BookSearch'
import './bookcase.scss'

const DOOR_PAGE = '/packages/bookcase/pages/door/index'

/**
 * WeChat subscriptions are one message per acceptance: ask for the loan's reminders as it starts
 * (refused or unavailable, the reminders still reach the in-app inbox; H5: the local cloud's stand-in).
 */
const askForReminders = (templates: string[]) => requestTemplates(templates)

type Cabinet = Answer<'bookcase', 'cabinet'>

function BorrowNotice({ cabinet, onPaid }: { cabinet: Cabinet; onPaid: (cabinet: Cabinet) => void }) {
  const [paying, setPaying] = useState(false)
  if (cabinet.canBorrow.ok) return null
  const pay = async () => {
    setPaying(true)
    try {
      // The payment answers this cabinet's page with the new deposit: shown without asking again.
      const paid = await payDeposit(cabinet.cabinetId)
      if (paid.cabinet) onPaid(paid.cabinet)
    } catch (error) {
      Taro.showToast({ title: errorText(error), icon: 'none' })
    } finally {
      setPaying(false)
    }
  }
  const { code, message } = cabinet.canBorrow
  return (
    <View className={`bookcase__notice bookcase__notice--${code}`}>
      <Text className='bookcase__notice-text'>{message}</Text>
      {code === 'DEPOSIT_REQUIRED' && (
        <Button className='bookcase__primary' loading={paying} disabled={disabledIf(paying)} onClick={pay}>
          {cabinet.account.status === 'active'
            ? `补缴押金 ${formatYuanCn(cabinet.account.toPay)}`
            : `缴纳押金 ${formatYuanCn(cabinet.account.toPay)}`}
        </Button>
      )}
      {code === 'FEE_UNPAID' && (
        <Text className='bookcase__link' onClick={() => Taro.navigateTo({ url: '/packages/bookcase/pages/loans/index' })}>
          查看我的借阅
        </Text>
      )}
    </View>
  )
}

/** One cabinet: its doors and the books behind each, and what the caller can do here. */
export default function CabinetScreen({ cabinetId }: { cabinetId: string }) {
  const [state, reload, show] = useCloudData(() => cloud.bookcase.cabinet({ cabinetId }), [cabinetId])
  const [busy, setBusy] = useState(false)

  if (state.status === 'loading') return <Loading />
  if (state.status === 'error') return <ErrorState message={state.message} onRetry={reload} />
  const cabinet = state.data

  const open = async (start: () => Promise<{ sessionId: string }>, templates: string[] = []) => {
    if (busy) return
    setBusy(true)
    try {
      await askForReminders(templates)
      const session = await start()
      Taro.navigateTo({ url: `${DOOR_PAGE}?sessionId=${session.sessionId}` })
    } catch (error) {
      Taro.showToast({ title: errorText(error), icon: 'none' })
      reload()
    } finally {
      setBusy(false)
    }
  }

  const canOpen = cabinet.online && !busy
  return (
    <View className='bookcase'>
      <View className='bookcase__header'>
        <Text className='bookcase__title'>{cabinet.name}</Text>
        <Text className='bookcase__place'>{cabinet.place}</Text>
        <Text className={`bookcase__online ${cabinet.online ? '' : 'bookcase__online--off'}`}>{cabinet.online ? '在线' : '离线'}</Text>
      </View>

      <BookSearch />
      {!cabinet.online && <Text className='bookcase__offline'>书柜暂时离线，请稍后再试或换一个书柜</Text>}
      {cabinet.activeSessionId && (
        <Text
          className='bookcase__link bookcase__resume'
          onClick={() => Taro.navigateTo({ url: `${DOOR_PAGE}?sessionId=${cabinet.activeSessionId}` })}
        >
          您有一个已打开的柜门，点此查看
        </Text>
      )}
      <BorrowNotice cabinet={cabinet} onPaid={show} />

      <View className='bookcase__return'>
        <View className='bookcase__return-text'>
          <Text className='bookcase__subtitle'>还书</Text>
          <Text className='bookcase__hint'>
            {cabinet.canReturn ? `您有 ${cabinet.account.activeLoans} 本书在借，可在任一书柜归还` : '任一书柜均可还书'}
          </Text>
        </View>
        <Button
          className='bookcase__secondary bookcase__return-button'
          disabled={disabledIf(!canOpen)}
          onClick={() => open(() => cloud.bookcase.openReturnDoor({ cabinetId: cabinet.cabinetId }))}
        >
          开门还书
        </Button>
      </View>

      <Text className='bookcase__subtitle'>借书：选择柜门</Text>
      {cabinet.doors.map((door) => (
        <View key={door.door} className='bookcase__door'>
          <View className='bookcase__door-info'>
            <Text className='bookcase__door-number'>{door.door} 号柜门</Text>
            {door.books.length === 0 ? (
              <Text className='bookcase__hint'>暂无图书</Text>
            ) : (
              door.books.map((book) => (
                <Text key={book.tag} className='bookcase__book'>
                  《{book.title}》{book.author}
                </Text>
              ))
            )}
          </View>
          <Button
            className='bookcase__secondary bookcase__door-button'
            size='mini'
            disabled={disabledIf(!canOpen || !cabinet.canBorrow.ok || !door.free || door.books.length === 0)}
            onClick={() =>
              open(() => cloud.bookcase.openDoor({ cabinetId: cabinet.cabinetId, door: door.door }), cabinet.subscribeTemplates)
            }
          >
            {door.free ? '开门借书' : '使用中'}
          </Button>
        </View>
      ))}
    </View>
  )
}
