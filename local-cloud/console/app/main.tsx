/** The local cloud's console: the app in a phone frame, and beside it the controls, requests and data. */
import { useCallback, useRef, useState } from 'react'
import { createRoot } from 'react-dom/client'
import { control } from './api'
import { PhoneFrame } from './PhoneFrame'
import { PersonaControl, ClockControl } from './Controls'
import { RequestsPanel } from './RequestsPanel'
import { DataPanel } from './DataPanel'
import { PaymentsPanel } from './PaymentsPanel'
import { CabinetsPanel } from './CabinetsPanel'
import { CronPanel } from './CronPanel'
import { MessagesPanel } from './MessagesPanel'
import './console.css'

const TABS = [
  { key: 'requests', label: '请求' },
  { key: 'data', label: '数据' },
  { key: 'payments', label: '支付' },
  { key: 'cabinets', label: '书柜' },
  { key: 'cron', label: '定时任务' },
  { key: 'messages', label: '消息' },
] as const

type TabKey = (typeof TABS)[number]['key']

function Console() {
  const frameRef = useRef<HTMLIFrameElement>(null)
  const [generation, setGeneration] = useState(0)
  const [tab, setTab] = useState<TabKey>(() => (sessionStorage.getItem('consoleTab') as TabKey) || 'requests')
  const [notice, setNotice] = useState<string | null>(null)
  const restartApp = useCallback(() => setGeneration((n) => n + 1), [])

  const choose = (key: TabKey) => {
    sessionStorage.setItem('consoleTab', key)
    setTab(key)
  }

  const reset = async () => {
    if (!window.confirm('清空全部数据并恢复演示数据？时钟也回到真实时间。')) return
    try {
      await control.post('reset')
      setNotice('已恢复演示数据')
    } catch (failure) {
      setNotice((failure as Error).message)
    }
    restartApp()
  }

  return (
    <div className='console'>
      <PhoneFrame frameRef={frameRef} generation={generation} />
      <main className='panel'>
        <header className='topbar'>
          <div className='topbar__title'>
            <span className='topbar__logo'>云</span>
            本地云控制台
          </div>
          <nav className='tabs' role='tablist'>
            {TABS.map(({ key, label }) => (
              <button
                key={key}
                role='tab'
                aria-selected={tab === key}
                className={tab === key ? 'is-active' : ''}
                onClick={() => choose(key)}
              >
                {label}
              </button>
            ))}
          </nav>
          <button className='button button--danger-outline' onClick={reset}>
            重置演示数据
          </button>
        </header>
        <div className='status-strip'>
          <PersonaControl onSwitched={restartApp} report={setNotice} />
          <ClockControl onMoved={restartApp} report={setNotice} />
        </div>
        {notice && (
          <div className='notice' role='status'>
            {notice}
            <button className='link-button' onClick={() => setNotice(null)}>
              知道了
            </button>
          </div>
        )}
        <div className='panel__body'>
          {tab === 'requests' && <RequestsPanel />}
          {tab === 'data' && <DataPanel />}
          {tab === 'payments' && <PaymentsPanel report={setNotice} />}
          {tab === 'cabinets' && <CabinetsPanel report={setNotice} />}
          {tab === 'cron' && <CronPanel report={setNotice} />}
          {tab === 'messages' && <MessagesPanel />}
        </div>
      </main>
    </div>
  )
}

createRoot(document.getElementById('root')!).render(<Console />)
