/** What the functions told people: subscription messages (WeChat's) and the in-app copies (站内消息). */
import { control, shanghai, usePoll } from './api'
import type { MessageRecord } from '../../../functions/_lib/notify'

interface SubscribeMessage {
  touser: string
  templateId: string
  page?: string
  data: Record<string, { value: string }>
  sentAt: string
  seq: number
}

/** An inbox record as JSON: its time is ISO text. */
type InAppMessage = Omit<MessageRecord, 'createdAt'> & { createdAt: string }

export function MessagesPanel() {
  const subscribe = usePoll<SubscribeMessage[]>(() => control.get('subscribe-messages'), 3000)
  const inbox = usePoll<InAppMessage[]>(() => control.get('inbox'), 3000)
  const sent = [...(subscribe.data ?? [])].sort((a, b) => b.seq - a.seq)

  return (
    <section className='section two-columns'>
      <div>
        <h3>订阅消息（{sent.length}）</h3>
        {sent.length === 0 && <p className='empty'>还没有发送订阅消息</p>}
        {sent.map((message) => (
          <article className='message' key={message.seq}>
            <div className='message__head'>
              <span className='mono'>→ {message.touser}</span>
              <span className='muted mono'>{shanghai(message.sentAt, false)}</span>
            </div>
            <div className='mono muted small'>
              模板 {message.templateId}
              {message.page ? ` · ${message.page}` : ''}
            </div>
            <dl className='message__data'>
              {Object.entries(message.data).map(([key, { value }]) => (
                <div key={key}>
                  <dt className='mono'>{key}</dt>
                  <dd>{value}</dd>
                </div>
              ))}
            </dl>
          </article>
        ))}
      </div>
      <div>
        <h3>站内消息（{inbox.data?.length ?? 0}）</h3>
        {inbox.data?.length === 0 && <p className='empty'>还没有站内消息</p>}
        {(inbox.data ?? []).map((message) => (
          <article className='message' key={message._id}>
            <div className='message__head'>
              <strong>{message.title}</strong>
              <span className={`badge ${message.read ? '' : 'badge--info'}`}>{message.read ? '已读' : '未读'}</span>
            </div>
            <p className='message__body'>{message.body}</p>
            <div className='mono muted small'>
              → {message.openid} · {message.kind} · {shanghai(message.createdAt, false)}
            </div>
          </article>
        ))}
      </div>
    </section>
  )
}
