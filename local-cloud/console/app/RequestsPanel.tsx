/** The cloud calls as they happen: newest first, filterable, each opening to its request and answer. */
import { Fragment, useState } from 'react'
import type { CallSummary } from '../../calls'
import { control, shanghai, usePoll } from './api'

/** A call as the request list answers it (JSON: without its request and answer). */
type Call = CallSummary

function who(call: Call): string {
  if (call.openid) return call.openid
  if (call.source.startsWith('wx_http')) return '书柜（HTTP）'
  if (call.source.startsWith('wx_trigger')) return '定时触发'
  if (call.source.startsWith('wx_paycallback')) return '支付回调'
  return call.source
}

function matches(call: Call, filter: string, failedOnly: boolean): boolean {
  if (failedOnly && call.ok !== false) return false
  if (!filter) return true
  const text = `${call.fn}.${call.action} ${who(call)} ${call.code ?? 'ok'}`.toLowerCase()
  return filter
    .toLowerCase()
    .split(/\s+/)
    .every((word) => text.includes(word))
}

function CallDetail({ id }: { id: number }) {
  const detail = usePoll<{ request: string; answer?: string }>(() => control.get(`requests/one?id=${id}`), 3000)
  if (detail.error) return <p className='error'>{detail.error}</p>
  if (!detail.data) return <p className='muted'>加载中…</p>
  return (
    <div className='call-detail'>
      <div>
        <h4>请求</h4>
        <pre className='code'>{detail.data.request}</pre>
      </div>
      <div>
        <h4>应答</h4>
        <pre className='code'>{detail.data.answer ?? '（仍在执行）'}</pre>
      </div>
    </div>
  )
}

export function RequestsPanel() {
  const calls = usePoll<Call[]>(() => control.get('requests'), 1000)
  /** Paused, the list stands still at what it showed (the calls are still recorded). */
  const [pausedAt, setPausedAt] = useState<Call[] | null>(null)
  const [filter, setFilter] = useState('')
  const [failedOnly, setFailedOnly] = useState(false)
  const [open, setOpen] = useState<number | null>(null)
  const shown = (pausedAt ?? calls.data ?? []).filter((call) => matches(call, filter, failedOnly))

  return (
    <section className='section'>
      <div className='toolbar'>
        <input
          className='input input--grow'
          placeholder='筛选：函数.操作、身份或错误码，如 bookcase.openDoor、local-admin、FORBIDDEN'
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
        />
        <label className='check'>
          <input type='checkbox' checked={failedOnly} onChange={(event) => setFailedOnly(event.target.checked)} />
          只看失败
        </label>
        <button className='button' onClick={() => setPausedAt(pausedAt ? null : (calls.data ?? []))}>
          {pausedAt ? '继续' : '暂停'}
        </button>
        <button className='button button--quiet' onClick={() => control.post('requests/clear').then(calls.refresh)}>
          清空
        </button>
      </div>
      <p className='hint'>
        每行一次云函数调用，点开看请求与应答（心理咨询的个人信息只显示长度）。DB 列是它发给云数据库的请求数（计费单位）：读 / 写 /
        事务内的步骤（含开始与提交）。
      </p>
      <table className='table table--hover'>
        <thead>
          <tr>
            <th>时间（本地时钟）</th>
            <th>函数.操作</th>
            <th>身份</th>
            <th>结果</th>
            <th className='num'>耗时</th>
            <th className='num' title='读 / 写 / 事务步骤'>
              DB 读/写/事务
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map((call) => (
            <Fragment key={call.id}>
              <tr
                className={`row ${open === call.id ? 'is-open' : ''}`}
                onClick={() => setOpen(open === call.id ? null : call.id)}
                data-testid='request-row'
              >
                <td className='mono muted'>{shanghai(call.at).slice(5)}</td>
                <td className='mono strong'>
                  {call.fn}.{call.action}
                </td>
                <td className='mono'>{who(call)}</td>
                <td>
                  {call.ok === null ? (
                    <span className='badge'>执行中</span>
                  ) : call.ok ? (
                    <span className='badge badge--ok'>ok</span>
                  ) : (
                    <span className='badge badge--error'>{call.code}</span>
                  )}
                </td>
                <td className='num mono'>{call.ms} ms</td>
                <td className='num mono' title={`读 ${call.db.reads}，写 ${call.db.writes}，事务步骤 ${call.db.transaction}`}>
                  {call.db.reads} / {call.db.writes} / {call.db.transaction}
                  <span className='muted'> = {call.db.reads + call.db.writes + call.db.transaction}</span>
                </td>
              </tr>
              {open === call.id && (
                <tr className='row-detail'>
                  <td colSpan={6}>
                    <CallDetail id={call.id} />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
      {shown.length === 0 && <p className='empty'>{calls.data?.length ? '没有符合筛选的调用' : '还没有调用：在左边的小程序里点一点'}</p>}
    </section>
  )
}
