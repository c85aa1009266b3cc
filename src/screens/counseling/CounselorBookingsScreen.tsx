import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Text, Textarea, View } from '@tarojs/components'
import { Empty, ErrorState, Loading } from '../../components/StateView'
import { useCloudData } from '../../hooks/useCloudData'
import { errorText } from '../../services/cloud'
import { counselingApi, type CounselorBookingDto } from '../../services/counseling'
import HotlineBanner from './HotlineBanner'
import { PAGES, modeLabel, sessionTime } from './format'
import './counseling.scss'
import '../admin/admin-wide.scss'

type Scope = 'today' | 'upcoming' | 'past'
const SCOPES: Record<Scope, string> = { today: '今天', upcoming: '即将开始', past: '已结束' }

/** Asks for a reason the worker will read; null when the counselor backs out. */
async function askReason(title: string): Promise<string | null> {
  const answer = (await Taro.showModal({
    title,
    editable: true,
    placeholderText: '请填写原因（来访者可见）',
  } as Taro.showModal.Option)) as Taro.showModal.SuccessCallbackResult & { content?: string }
  if (!answer.confirm) return null
  const reason = (answer.content ?? '').trim()
  if (!reason) {
    Taro.showToast({ title: '请填写原因', icon: 'none' })
    return null
  }
  return reason
}

/** Private notes: only this counselor ever reads them. */
function NoteEditor({ bookingId }: { bookingId: string }) {
  const [text, setText] = useState<string>()
  useEffect(() => {
    counselingApi.note(bookingId).then(
      (note) => setText(note.text),
      () => setText(''),
    )
  }, [bookingId])
  if (text === undefined) return <Loading />
  const save = () =>
    counselingApi.saveNote(bookingId, text).then(
      () => Taro.showToast({ title: '笔记已保存', icon: 'success' }),
      (error) => Taro.showModal({ title: '未能保存', content: errorText(error), showCancel: false }),
    )
  return (
    <View className='note'>
      <Textarea
        className='field__textarea'
        value={text}
        maxlength={5000}
        placeholder='私人笔记，仅您本人可见'
        onInput={(e) => setText(e.detail.value)}
      />
      <Button className='calm__button calm__button--small' onClick={save}>
        保存笔记
      </Button>
    </View>
  )
}

/** The counselor's day and what is coming: confirm, decline, cancel, complete, no-show, notes. */
export default function CounselorBookingsScreen() {
  const [scope, setScope] = useState<Scope>('today')
  const [openNote, setOpenNote] = useState<string>()
  const [state, reload] = useCloudData(() => counselingApi.counselorBookings(scope), [scope])

  const act = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work()
      Taro.showToast({ title: done, icon: 'success' })
    } catch (error) {
      Taro.showModal({ title: '操作未完成', content: errorText(error), showCancel: false })
    }
    reload()
  }
  const withReason = async (title: string, work: (reason: string) => Promise<unknown>, done: string) => {
    const reason = await askReason(title)
    if (reason) await act(() => work(reason), done)
  }

  const actions = (b: CounselorBookingDto) => {
    const started = Date.parse(b.start) <= Date.now()
    const buttons: Array<[string, () => void]> = []
    if (b.status === 'pending') {
      buttons.push(['确认', () => act(() => counselingApi.confirm(b.bookingId), '已确认')])
      buttons.push(['婉拒', () => withReason('婉拒预约', (r) => counselingApi.decline(b.bookingId, r), '已婉拒')])
    }
    if (b.status === 'confirmed' && started) {
      buttons.push(['已完成', () => act(() => counselingApi.complete(b.bookingId), '已记录')])
      buttons.push(['未到场', () => act(() => counselingApi.noShow(b.bookingId), '已记录')])
    }
    if ((b.status === 'pending' || b.status === 'confirmed') && !started) {
      buttons.push(['取消', () => withReason('取消预约', (r) => counselingApi.cancel(b.bookingId, r), '已取消')])
    }
    buttons.push([openNote === b.bookingId ? '收起笔记' : '笔记', () => setOpenNote(openNote === b.bookingId ? undefined : b.bookingId)])
    return buttons
  }

  return (
    <View className='calm adm-wide adm-wide--cards'>
      <View className='calm__links'>
        <Text className='calm__link calm__link--spaced' onClick={() => Taro.navigateTo({ url: PAGES.counselorProfile })}>
          我的资料
        </Text>
        <Text className='calm__link' onClick={() => Taro.navigateTo({ url: PAGES.availability })}>
          设置可预约时段
        </Text>
      </View>
      <View className='tabs'>
        {(Object.keys(SCOPES) as Scope[]).map((s) => (
          <Text key={s} className={`tabs__tab ${scope === s ? 'tabs__tab--active' : ''}`} onClick={() => setScope(s)}>
            {SCOPES[s]}
          </Text>
        ))}
      </View>
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <ErrorState message={state.message} onRetry={reload} />}
      {state.status === 'ready' && state.data.items.length === 0 && <Empty title='暂无预约' />}
      {state.status === 'ready' &&
        state.data.items.map((b) => (
          <View key={b.bookingId} className={`card booking booking--${b.status} ${b.urgent ? 'booking--urgent' : ''}`}>
            <View className='booking__head'>
              <Text className='card__title'>{b.clientName}</Text>
              {b.urgent && <Text className='status status--urgent'>紧急</Text>}
              <Text className={`status status--${b.status}`}>{b.statusLabel}</Text>
            </View>
            <Text className='card__line'>
              {sessionTime(b.start, b.end)} · {modeLabel(b.mode)}
            </Text>
            <Text className='card__line'>
              主题：{b.topic} ｜ 电话：{b.phone}
            </Text>
            {b.description && <Text className='card__body'>{b.description}</Text>}
            {b.urgent && <Text className='card__accent'>描述中有危机信号，请尽快联系来访者</Text>}
            {b.declineReason && <Text className='card__line'>婉拒原因：{b.declineReason}</Text>}
            {b.feedback && (
              <Text className='card__line'>
                评价：{'★'.repeat(b.feedback.rating)} {b.feedback.text}
              </Text>
            )}
            <View className='booking__actions'>
              {actions(b).map(([label, run]) => (
                <Button key={label} className='calm__button calm__button--ghost calm__button--small' onClick={run}>
                  {label}
                </Button>
              ))}
            </View>
            {openNote === b.bookingId && <NoteEditor bookingId={b.bookingId} />}
          </View>
        ))}
      <HotlineBanner />
    </View>
  )
}
