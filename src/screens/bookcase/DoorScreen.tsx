import { useEffect, useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { formatCountdown } from '@domain/time'
import { ErrorState, Loading } from '../../components/StateView'
import type { Answer } from '../../../functions/contract'
import { cloud, errorText } from '../../services/cloud'
import { isLocalMode } from '../../services/persona'
import SimulatorPanel from './SimulatorPanel'
import './bookcase.scss'

/**
 * While the door is opening or open, the result comes from the cabinet: ask again this often — at
 * most one call per 5 s (a 2-minute session is at most 24 calls, each a billed function call).
 */
const POLL_MS = 5000

type DoorSession = Answer<'bookcase', 'session'>

const titles: Record<DoorSession['status'], string> = {
  opening: '正在开门',
  open: '柜门已打开',
  closed: '柜门已关闭',
  failed: '开门失败',
  expired: '开门超时',
}

/**
 * The time left in the 2-minute door session, ticking each second from the server's own count at its
 * last answer (the phone's clock only measures the seconds since).
 */
function SessionCountdown({ remainingMs }: { remainingMs: number }) {
  const [elapsed, setElapsed] = useState(0)
  useEffect(() => {
    const received = Date.now()
    setElapsed(0)
    const tick = setInterval(() => setElapsed(Date.now() - received), 1000)
    return () => clearInterval(tick)
  }, [remainingMs])
  const left = remainingMs - elapsed
  return (
    <Text className={`bookcase__countdown ${left <= 30_000 ? 'bookcase__countdown--soon' : ''}`} aria-live='polite'>
      剩余 {formatCountdown(left)}，请在时间内取书并关门
    </Text>
  )
}

/** Door-open progress and the result: what was borrowed (with its due date) or returned (days, fee). */
export default function DoorScreen({ sessionId }: { sessionId: string }) {
  const [session, setSession] = useState<DoorSession | null>(null)
  const [error, setError] = useState('')
  const timer = useRef<ReturnType<typeof setTimeout>>()

  const load = async () => {
    clearTimeout(timer.current)
    try {
      const next = await cloud.bookcase.session({ sessionId })
      setSession(next)
      setError('')
      if (next.status === 'opening' || next.status === 'open') timer.current = setTimeout(load, POLL_MS)
    } catch (failure) {
      setError(errorText(failure))
    }
  }

  useEffect(() => {
    load()
    return () => clearTimeout(timer.current)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sessionId])

  if (error && !session) return <ErrorState message={error} onRetry={load} />
  if (!session) return <Loading text='正在开门…' />
  const done = session.status !== 'opening' && session.status !== 'open'
  return (
    <View className='bookcase'>
      <View className={`bookcase__result bookcase__result--${session.status}`}>
        <Text className='bookcase__door-big'>{session.door} 号柜门</Text>
        <Text className='bookcase__title'>{titles[session.status]}</Text>
        {session.message.split('\n').map((line) => (
          <Text key={line} className='bookcase__result-line'>
            {line}
          </Text>
        ))}
        {!done && <SessionCountdown remainingMs={session.remainingMs} />}
        {!done && <Text className='bookcase__hint'>关门后自动显示结果</Text>}
      </View>
      {isLocalMode && session.status === 'open' && <SimulatorPanel cabinetId={session.cabinetId} door={session.door} onClosed={load} />}
      {done && (
        <View className='bookcase__actions'>
          <Button className='bookcase__primary' onClick={() => Taro.redirectTo({ url: '/packages/bookcase/pages/loans/index' })}>
            我的借阅
          </Button>
          <Button className='bookcase__secondary' onClick={() => Taro.navigateBack()}>
            返回书柜
          </Button>
        </View>
      )}
    </View>
  )
}
