/**
 * No module reaches itself through its imports — type-only imports included, since a type cycle is
 * the same tangle for a reader. Modules are read as text: every `from '…'` / `import('…')` /
 * `require('…')` with a relative or aliased path is resolved to a file of the repository.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

const ROOT = resolve(__dirname, '../..')
const FOLDERS = ['src', 'domain', 'functions', 'local-cloud', 'scripts', 'database']
const ALIASES: Record<string, string> = { '@domain/': 'domain/', '@/': 'src/' }
const EXTENSIONS = ['.ts', '.tsx', '/index.ts', '/index.tsx']

function sourceFiles(folder: string): string[] {
  const path = join(ROOT, folder)
  if (!existsSync(path)) return []
  return readdirSync(path).flatMap((name) => {
    const child = join(path, name)
    if (statSync(child).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(relative(ROOT, child))
    return /\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts') ? [child] : []
  })
}

function resolveImport(from: string, specifier: string): string | undefined {
  let base: string | undefined
  if (specifier.startsWith('.')) base = resolve(dirname(from), specifier)
  for (const [alias, target] of Object.entries(ALIASES))
    if (specifier.startsWith(alias)) base = join(ROOT, target, specifier.slice(alias.length))
  if (!base) return undefined
  if (existsSync(base) && statSync(base).isFile()) return base
  return EXTENSIONS.map((extension) => base + extension).find((candidate) => existsSync(candidate))
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*|^import\s+)['"]([^'"]+)['"]/gm)].map((match) => match[1])
  return specifiers.map((specifier) => resolveImport(file, specifier)).filter((path): path is string => Boolean(path))
}

function findCycles(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = []
  const state = new Map<string, 'visiting' | 'done'>()
  const stack: string[] = []
  const visit = (node: string) => {
    state.set(node, 'visiting')
    stack.push(node)
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'visiting') cycles.push([...stack.slice(stack.indexOf(next)), next])
      else if (!state.has(next)) visit(next)
    }
    stack.pop()
    state.set(node, 'done')
  }
  for (const node of graph.keys()) if (!state.has(node)) visit(node)
  return cycles
}

it('the code has no import cycles', () => {
  const files = FOLDERS.flatMap(sourceFiles)
  expect(files.length).toBeGreaterThan(100)
  const graph = new Map(files.map((file) => [file, importsOf(file)]))
  const cycles = findCycles(graph).map((cycle) => cycle.map((file) => relative(ROOT, file)).join(' → '))
  expect(cycles).toEqual([])
})

it('finds a cycle when there is one', () => {
  const graph = new Map([
    ['a', ['b']],
    ['b', ['c']],
    ['c', ['a']],
    ['d', ['a']],
  ])
  expect(findCycles(graph)).toEqual([['a', 'b', 'c', 'a']])
})
