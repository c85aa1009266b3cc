/** The timed trigger's jobs, run now: all of them or one, with what each did. */
import { useState } from 'react'
import { control, shanghai, usePoll } from './api'

interface Job {
  name: string
  description: string
}

interface Run {
  at: string
  job: string | null
  answer: unknown
}

export function CronPanel({ report }: { report: (message: string | null) => void }) {
  const jobs = usePoll<Job[]>(() => control.get('cron/jobs'), 60_000)
  const [runs, setRuns] = useState<Run[]>([])
  const [running, setRunning] = useState<string | null>(null)

  const run = async (job: string | null) => {
    setRunning(job ?? '*')
    try {
      const answer = await control.post('cron', job ? { job } : {})
      const clock = await control.get('clock')
      setRuns((list) => [{ at: clock.now, job, answer }, ...list].slice(0, 20))
      report(null)
    } catch (failure) {
      report((failure as Error).message)
    } finally {
      setRunning(null)
    }
  }

  return (
    <section className='section'>
      <div className='toolbar'>
        <p className='hint grow'>生产环境里定时触发器每小时运行一次全部任务；这里按本地时钟立即运行。</p>
        <button className='button button--primary' disabled={running !== null} onClick={() => run(null)}>
          全部运行
        </button>
      </div>
      <table className='table'>
        <tbody>
          {(jobs.data ?? []).map((job) => (
            <tr key={job.name}>
              <td className='mono strong'>{job.name}</td>
              <td>{job.description}</td>
              <td className='actions'>
                <button className='button' disabled={running !== null} onClick={() => run(job.name)}>
                  {running === job.name ? '运行中…' : '运行'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>运行结果</h3>
      {runs.length === 0 && <p className='empty'>还没有运行过</p>}
      {runs.map((entry, index) => (
        <div className='result' key={`${entry.at}-${index}`}>
          <div className='result__head'>
            <span className='mono strong'>{entry.job ?? '全部任务'}</span>
            <span className='muted mono'>{shanghai(entry.at)}</span>
          </div>
          <pre className='code'>{JSON.stringify(entry.answer, null, 2)}</pre>
        </div>
      ))}
    </section>
  )
}
