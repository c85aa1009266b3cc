import { readdirSync, readFileSync, statSync } from 'fs'
import { join } from 'path'
import { fenToYuan, formatYuanCn } from '../../domain/money'

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : []
  })
}

describe('domain/ stays portable', () => {
  it('imports only other domain modules and dayjs (it is bundled into the mini-program)', () => {
    const files = sources(join(__dirname, '../../domain'))
    expect(files.length).toBeGreaterThan(10)
    for (const file of files) {
      const specifiers = [...readFileSync(file, 'utf8').matchAll(/(?:import|export)[^'"]*from\s+'([^']+)'/g)].map((m) => m[1])
      for (const spec of specifiers)
        expect([file, spec.startsWith('.') || spec === 'dayjs' || spec.startsWith('dayjs/plugin/')]).toEqual([file, true])
    }
  })

  it('never reads the clock or the process time zone', () => {
    for (const file of sources(join(__dirname, '../../domain'))) {
      const text = readFileSync(file, 'utf8')
      expect([file, /Date\.now\(|new Date\(\)|dayjs\(\)|getTimezoneOffset|\.tz\(/.test(text)]).toEqual([file, false])
    }
  })
})

describe('money', () => {
  it('formats fen', () => {
    expect(fenToYuan(4500)).toBe('45.00')
    expect(fenToYuan(5)).toBe('0.05')
    expect(fenToYuan(-150)).toBe('-1.50')
    expect(formatYuanCn(4500)).toBe('45 元')
    expect(formatYuanCn(150)).toBe('1.50 元')
    expect(formatYuanCn(0)).toBe('0 元')
  })
})
