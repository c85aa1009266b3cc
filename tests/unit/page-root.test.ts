/**
 * 关怀模式 and WeChat's font size reach a page only through `PageRoot` (it sets the text scale and
 * colours on the page root), so every page wraps its screen in it.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

const SRC = join(__dirname, '../../src')

function pageFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name)
    if (statSync(path).isDirectory()) return pageFiles(path)
    return name === 'index.tsx' && /[/\\]pages[/\\]/.test(path) ? [path] : []
  })
}

it('every page renders inside PageRoot', () => {
  const pages = [...pageFiles(join(SRC, 'pages')), ...pageFiles(join(SRC, 'packages'))]
  expect(pages.length).toBeGreaterThan(20)
  const without = pages.filter((file) => !/<PageRoot[\s>]/.test(readFileSync(file, 'utf8'))).map((file) => relative(SRC, file))
  expect(without).toEqual([])
})
