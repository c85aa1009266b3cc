/** Who the framed app acts as, and the one clock every function reads. */
import { useEffect, useState } from 'react'
import { control, shanghai, usePoll } from './api'

/** The H5 app's persona (src/services/persona.ts), kept by Taro's storage as `{ data }` under this key. */
const PERSONA_KEY = 'localPersona'
const DEFAULT_PERSONA = 'local-volunteer-1'

function storedPersona(): string {
  try {
    return JSON.parse(localStorage.getItem(PERSONA_KEY) ?? 'null')?.data || DEFAULT_PERSONA
  } catch {
    return DEFAULT_PERSONA
  }
}

interface Persona {
  openid: string
  name: string | null
  roles: string[]
}

interface ControlProps {
  report: (message: string | null) => void
}

export function PersonaControl({ onSwitched, report }: ControlProps & { onSwitched: () => void }) {
  const personas = usePoll<Persona[]>(() => control.get('personas'), 10_000)
  const [current, setCurrent] = useState(storedPersona)

  // The app's own switcher (我的 → 本地演示) changes it too.
  useEffect(() => {
    const timer = setInterval(() => setCurrent(storedPersona()), 1000)
    return () => clearInterval(timer)
  }, [])

  const switchTo = (openid: string) => {
    localStorage.setItem(PERSONA_KEY, JSON.stringify({ data: openid }))
    setCurrent(openid)
    onSwitched()
  }

  const createWorker = async () => {
    try {
      const { openid } = await control.post('personas')
      personas.refresh()
      switchTo(openid)
      report(`已新建职工 ${openid}（尚未填写资料），小程序已切换为该身份`)
    } catch (failure) {
      report((failure as Error).message)
    }
  }

  const list = personas.data ?? []
  const options = list.some((p) => p.openid === current) ? list : [{ openid: current, name: null, roles: [] }, ...list]
  return (
    <div className='card control'>
      <div className='control__head'>
        <label className='card__label' htmlFor='persona' title='框中的小程序以这个 OPENID 调用云函数'>
          身份
        </label>
        <button className='link-button' onClick={createWorker}>
          ＋ 新建职工
        </button>
      </div>
      <select id='persona' className='select' value={current} onChange={(event) => switchTo(event.target.value)}>
        {options.map((persona) => (
          <option key={persona.openid} value={persona.openid}>
            {persona.name ?? '（未填资料）'}
            {persona.roles.length ? ` · ${persona.roles.join('、')}` : ''} — {persona.openid}
          </option>
        ))}
      </select>
    </div>
  )
}

interface ClockState {
  now: string
  offsetMs: number
  frozen: boolean
}

const DAY_MS = 86_400_000

function describeOffset(ms: number): string {
  if (Math.abs(ms) < 60_000) return '真实时间'
  const sign = ms > 0 ? '+' : '−'
  const abs = Math.abs(ms)
  const days = Math.floor(abs / DAY_MS)
  const hours = Math.floor((abs % DAY_MS) / 3_600_000)
  const minutes = Math.floor((abs % 3_600_000) / 60_000)
  return `${sign}${days ? `${days} 天 ` : ''}${hours ? `${hours} 小时 ` : ''}${!days && minutes ? `${minutes} 分` : ''}`.trim()
}

export function ClockControl({ onMoved, report }: ControlProps & { onMoved: () => void }) {
  const clock = usePoll<ClockState>(() => control.get('clock'), 1000)
  const [days, setDays] = useState('20')

  const move = async (route: string, body: Record<string, unknown> = {}) => {
    try {
      await control.post(route, body)
      report(null)
      clock.refresh()
      onMoved()
    } catch (failure) {
      report((failure as Error).message)
    }
  }

  const state = clock.data
  const weekday = state ? '日一二三四五六'[new Date(new Date(state.now).getTime() + 8 * 3600_000).getUTCDay()] : ''
  return (
    <div className='card control clock'>
      <div className='control__head clock__now'>
        <span className='card__label'>时钟</span>
        <strong data-testid='clock-now'>{state ? `${shanghai(state.now)} 周${weekday}` : '…'}</strong>
        {clock.error ? (
          <span className='badge badge--error' title={clock.error}>
            本地云未连接
          </span>
        ) : (
          <span className={`badge ${state?.frozen ? 'badge--info' : ''}`}>{state?.frozen ? '已冻结' : '走动中'}</span>
        )}
        <span className='muted' data-testid='clock-offset'>
          {state ? describeOffset(state.offsetMs) : ''}
        </span>
      </div>
      <div className='clock__actions'>
        <button className='button' onClick={() => move('clock', { freeze: !state?.frozen })}>
          {state?.frozen ? '继续走动' : '冻结'}
        </button>
        <button className='button' onClick={() => move('clock', { advanceMs: 3_600_000 })}>
          +1 小时
        </button>
        <button className='button' onClick={() => move('clock', { advanceDays: 1 })}>
          +1 天
        </button>
        <span className='input-group'>
          <input
            className='input input--narrow'
            aria-label='前进天数'
            inputMode='numeric'
            value={days}
            onChange={(event) => setDays(event.target.value.replace(/[^\d]/g, ''))}
          />
          <button className='button' disabled={!Number(days)} onClick={() => move('clock', { advanceDays: Number(days) })}>
            +{days || 'N'} 天
          </button>
        </span>
        <button className='button button--quiet' onClick={() => move('clock/real')}>
          回到真实时间
        </button>
      </div>
    </div>
  )
}
