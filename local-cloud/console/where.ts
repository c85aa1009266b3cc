/**
 * The console's query box: a condition written as in the cloud database's `where()`
 * (`{ status: 'onLoan', dueAt: _.lt(new Date('2026-05-01')) }`, `_.or([{ a: 1 }, { b: _.gt(2) }])`,
 * `/活着/i`), parsed — never evaluated as code — into the values the real SDK's `where()` takes.
 */
export class WhereSyntaxError extends Error {}

/** The `db.command` operators a condition may use (query operators only: nothing that writes). */
const COMMANDS = new Set([
  'eq',
  'neq',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'nin',
  'and',
  'or',
  'nor',
  'not',
  'exists',
  'size',
  'all',
  'elemMatch',
  'mod',
])

export type WhereNode =
  | { kind: 'value'; value: string | number | boolean | null }
  | { kind: 'date'; value: string | number }
  | { kind: 'regex'; pattern: string; flags: string }
  | { kind: 'array'; items: WhereNode[] }
  | { kind: 'object'; entries: [string, WhereNode][] }
  | { kind: 'command'; calls: { name: string; args: WhereNode[] }[] }

class Parser {
  private at = 0
  constructor(private text: string) {}

  private fail(what: string): never {
    throw new WhereSyntaxError(`第 ${this.at + 1} 个字符处${what}`)
  }

  private space() {
    while (this.at < this.text.length && /\s/.test(this.text[this.at])) this.at++
  }

  private peek(): string {
    this.space()
    return this.text[this.at] ?? ''
  }

  private expect(char: string) {
    if (this.peek() !== char) this.fail(`应为「${char}」`)
    this.at++
  }

  private identifier(): string {
    this.space()
    const match = /^[A-Za-z_$][\w$]*/.exec(this.text.slice(this.at))
    if (!match) this.fail('应为名称')
    this.at += match[0].length
    return match[0]
  }

  private string(): string {
    const quote = this.text[this.at++]
    let out = ''
    while (this.at < this.text.length && this.text[this.at] !== quote) {
      if (this.text[this.at] === '\\') this.at++
      out += this.text[this.at++] ?? ''
    }
    if (this.text[this.at] !== quote) this.fail('字符串没有结束')
    this.at++
    return out
  }

  private list<T>(close: string, item: () => T): T[] {
    const items: T[] = []
    while (this.peek() !== close) {
      items.push(item())
      if (this.peek() === ',') this.at++
      else if (this.peek() !== close) this.fail(`应为「,」或「${close}」`)
    }
    this.at++
    return items
  }

  value(): WhereNode {
    const char = this.peek()
    if (char === '{') {
      this.at++
      return {
        kind: 'object',
        entries: this.list('}', () => {
          const key = this.peek() === "'" || this.peek() === '"' ? this.string() : this.identifier()
          this.expect(':')
          return [key, this.value()] as [string, WhereNode]
        }),
      }
    }
    if (char === '[') {
      this.at++
      return { kind: 'array', items: this.list(']', () => this.value()) }
    }
    if (char === "'" || char === '"') return { kind: 'value', value: this.string() }
    if (char === '/') {
      const match = /^\/((?:\\.|[^/\\\n])+)\/([imsu]*)/.exec(this.text.slice(this.at))
      if (!match) this.fail('正则表达式不完整')
      this.at += match[0].length
      return { kind: 'regex', pattern: match[1], flags: match[2] }
    }
    const number = /^-?\d+(\.\d+)?(e[+-]?\d+)?/i.exec(this.text.slice(this.at))
    if (number) {
      this.at += number[0].length
      return { kind: 'value', value: Number(number[0]) }
    }
    const word = this.identifier()
    if (word === 'true' || word === 'false') return { kind: 'value', value: word === 'true' }
    if (word === 'null') return { kind: 'value', value: null }
    if (word === 'new' && this.identifier() === 'Date') {
      this.expect('(')
      const [arg, ...rest] = this.list(')', () => this.value())
      if (!arg || rest.length > 0 || arg.kind !== 'value' || (typeof arg.value !== 'string' && typeof arg.value !== 'number')) {
        this.fail('new Date() 需要一个时间文本或毫秒数')
      }
      return { kind: 'date', value: arg.value }
    }
    if (word === '_') {
      const calls: { name: string; args: WhereNode[] }[] = []
      while (this.peek() === '.') {
        this.at++
        const name = this.identifier()
        if (!COMMANDS.has(name)) this.fail(`不支持 _.${name}（可用：${[...COMMANDS].join('、')}）`)
        this.expect('(')
        calls.push({ name, args: this.list(')', () => this.value()) })
      }
      if (calls.length === 0) this.fail('应为 _.命令(…)')
      return { kind: 'command', calls }
    }
    return this.fail(`无法识别「${word}」`)
  }

  parse(): WhereNode {
    if (this.peek() === '') return { kind: 'object', entries: [] }
    const node = this.value()
    if (this.peek() !== '') this.fail('有多余的内容')
    if (node.kind !== 'object' && node.kind !== 'command') throw new WhereSyntaxError('查询条件应为 { … } 或 _.命令(…)')
    return node
  }
}

export function parseWhere(text: string): WhereNode {
  return new Parser(text).parse()
}

/** Every field path a condition tests (`feedback.text` for `{ feedback: { text: … } }` and `{ 'feedback.text': … }`). */
export function fieldPaths(node: WhereNode, prefix = ''): string[] {
  switch (node.kind) {
    case 'object':
      return node.entries.flatMap(([key, value]) => {
        const path = prefix ? `${prefix}.${key}` : key
        return [path, ...fieldPaths(value, path)]
      })
    case 'array':
      return node.items.flatMap((item) => fieldPaths(item, prefix))
    case 'command':
      return node.calls.flatMap((call) => call.args.flatMap((arg) => fieldPaths(arg, prefix)))
    default:
      return []
  }
}

/** The condition as the SDK's `where()` takes it, built with that database's own command and RegExp. */
export function toSdkCondition(
  node: WhereNode,
  db: { command: any; RegExp: (options: { regexp: string; options: string }) => unknown },
): any {
  switch (node.kind) {
    case 'value':
      return node.value
    case 'date': {
      const date = new Date(node.value)
      if (Number.isNaN(date.getTime())) throw new WhereSyntaxError(`无效的时间：${node.value}`)
      return date
    }
    case 'regex':
      return db.RegExp({ regexp: node.pattern, options: node.flags })
    case 'array':
      return node.items.map((item) => toSdkCondition(item, db))
    case 'object':
      return Object.fromEntries(node.entries.map(([key, value]) => [key, toSdkCondition(value, db)]))
    case 'command': {
      let target = db.command
      for (const call of node.calls) {
        if (typeof target?.[call.name] !== 'function') throw new WhereSyntaxError(`_.…${call.name}() 不能接在这里`)
        target = target[call.name](...call.args.map((arg) => toSdkCondition(arg, db)))
      }
      return target
    }
  }
}
