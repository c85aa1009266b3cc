import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Text, Textarea, View } from '@tarojs/components'
import { Empty, ErrorState, Loading } from '../../components/StateView'
import { useCloudData } from '../../hooks/useCloudData'
import { cloud, errorText } from '../../services/cloud'
import HotlineBanner from './HotlineBanner'
import ReasonSheet from './ReasonSheet'
import { PAGES, modeLabel, sessionTime, type CounselorBooking } from './format'
import './counseling.scss'
import '../admin/admin-wide.scss'
import StatusBadge from '../../components/StatusBadge'

type Scope = 'today' | 'upcoming' | 'past'
const SCOPES: Record<Scope, string> = { today: '今天', upcoming: '即将开始', past: '已结束' }

/** Private notes: only this counselor ever reads them. */
function NoteEditor({ bookingId }: { bookingId: string }) {
  const [text, setText] = useState<string>()
  useEffect(() => {
    cloud.counseling.note({ bookingId }).then(
      (note) => setText(note.text),
      () => setText(''),
    )
  }, [bookingId])
  if (text === undefined) return <Loading />
  const save = () =>
    cloud.counseling.saveNote({ bookingId, text }).then(
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
type Asking = { booking: CounselorBooking; kind: 'decline' | 'cancel' }
const REASON_ACTIONS = {
  decline: { title: '婉拒这个预约', confirmText: '婉拒预约', done: '已婉拒' },
  cancel: { title: '取消这个预约', confirmText: '取消预约', done: '已取消' },
} as const

export default function CounselorBookingsScreen() {
  const [scope, setScope] = useState<Scope>('today')
  const [openNote, setOpenNote] = useState<string>()
  const [asking, setAsking] = useState<Asking>()
  const [state, reload, show] = useCloudData(() => cloud.counseling.counselorBookings({ scope }), [scope])

  /** The action answers the booking's new state: shown at once. A refusal (a stale record) reloads the list. */
  const act = async (work: () => Promise<CounselorBooking>, done: string) => {
    try {
      const updated = await work()
      if (state.status === 'ready') {
        show({ ...state.data, items: state.data.items.map((b) => (b.bookingId === updated.bookingId ? updated : b)) })
      }
      Taro.showToast({ title: done, icon: 'success' })
    } catch (error) {
      Taro.showModal({ title: '操作未完成', content: errorText(error), showCancel: false })
      reload()
    }
  }

  const withReason = (reason: string) => {
    if (!asking) return
    const { booking, kind } = asking
    setAsking(undefined)
    const { bookingId } = booking
    // A counselor's cancel answers the counselor's view of the booking (the server knows who asks).
    const work = () =>
      kind === 'decline'
        ? cloud.counseling.decline({ bookingId, reason })
        : (cloud.counseling.cancel({ bookingId, reason }) as Promise<CounselorBooking>)
    void act(work, REASON_ACTIONS[kind].done)
  }

  // Which buttons show is the server's answer (its clock), never the phone's.
  const actions = (b: CounselorBooking) => {
    const buttons: Array<[string, string, () => void]> = []
    if (b.actions.confirm)
      buttons.push(['确认', 'confirm', () => act(() => cloud.counseling.confirm({ bookingId: b.bookingId }), '已确认')])
    if (b.actions.complete)
      buttons.push(['已完成', 'complete', () => act(() => cloud.counseling.complete({ bookingId: b.bookingId }), '已记录为已完成')])
    if (b.actions.noShow)
      buttons.push(['未到场', 'no-show', () => act(() => cloud.counseling.noShow({ bookingId: b.bookingId }), '已记录为未到场')])
    if (b.actions.decline) buttons.push(['婉拒', 'decline', () => setAsking({ booking: b, kind: 'decline' })])
    if (b.actions.cancel) buttons.push(['取消预约', 'cancel', () => setAsking({ booking: b, kind: 'cancel' })])
    buttons.push([
      openNote === b.bookingId ? '收起笔记' : '笔记',
      'note',
      () => setOpenNote(openNote === b.bookingId ? undefined : b.bookingId),
    ])
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
              {b.urgent && <StatusBadge status='urgent' label='紧急' className='status status--urgent' />}
              <StatusBadge status={b.status} label={b.statusLabel} className={`status status--${b.status}`} />
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
              {actions(b).map(([label, key, run]) => (
                <Button
                  key={key}
                  className={`calm__button calm__button--small booking__action--${key} ${
                    key === 'decline' || key === 'cancel' ? 'calm__button--danger' : 'calm__button--ghost'
                  }`}
                  onClick={run}
                >
                  {label}
                </Button>
              ))}
            </View>
            {openNote === b.bookingId && <NoteEditor bookingId={b.bookingId} />}
          </View>
        ))}
      <HotlineBanner />
      {asking && (
        <ReasonSheet
          title={REASON_ACTIONS[asking.kind].title}
          confirmText={REASON_ACTIONS[asking.kind].confirmText}
          onConfirm={withReason}
          onClose={() => setAsking(undefined)}
        />
      )}
    </View>
  )
}
