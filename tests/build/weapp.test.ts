/**
 * The weapp build as WeChat DevTools uploads it (npm run build:weapp first): every script parses as
 * ES2017 — older WeChat clients stop at `?.`, `??`, `??=` and object spread — sitemap.json is where
 * app.json says, and project.config.json names only commands that exist.
 */
import fs from 'node:fs'
import path from 'node:path'
import { parse } from 'acorn'

const root = path.resolve(__dirname, '..', '..')
const weapp = path.join(root, 'build', 'weapp')

function scripts(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return scripts(full)
    return entry.name.endsWith('.js') ? [full] : []
  })
}

test('every .js of build/weapp parses as ES2017', () => {
  const files = scripts(weapp)
  expect(files.length).toBeGreaterThan(20)
  const failures = files.flatMap((file) => {
    try {
      parse(fs.readFileSync(file, 'utf8'), { ecmaVersion: 2017, sourceType: 'script' })
      return []
    } catch (error) {
      return [`${path.relative(weapp, file)}: ${(error as Error).message}`]
    }
  })
  expect(failures).toEqual([])
})

test('the ES2017 check itself refuses what older clients cannot run', () => {
  for (const modern of ['a?.b', 'a ?? b', 'a ??= b', 'x = { ...a }']) {
    expect(() => parse(modern, { ecmaVersion: 2017 })).toThrow()
  }
})

test('the app bundles no signing and no input schemas: node:crypto and valibot stay in the functions', () => {
  const found = scripts(weapp).flatMap((file) => {
    const text = fs.readFileSync(file, 'utf8')
    return ['createHmac', 'createHash', 'node:crypto', '~standard']
      .filter((mark) => text.includes(mark))
      .map((mark) => `${path.relative(weapp, file)}: ${mark}`)
  })
  expect(found).toEqual([])
  // …while the QR encoder is there, in the activity subpackage that shows codes (not the main package).
  const encoder = scripts(weapp).filter((file) => fs.readFileSync(file, 'utf8').includes('stringToBytesFuncs'))
  expect(encoder.map((file) => path.relative(weapp, file))).toEqual(['packages/activity/sub-vendors.js'])
})

test('sitemap.json is in the build, where app.json points', () => {
  const app = JSON.parse(fs.readFileSync(path.join(weapp, 'app.json'), 'utf8'))
  const sitemap = JSON.parse(fs.readFileSync(path.join(weapp, app.sitemapLocation ?? 'sitemap.json'), 'utf8'))
  expect(sitemap.rules.length).toBeGreaterThan(0)
})

test('project.config.json names only npm scripts that exist', () => {
  const project = JSON.parse(fs.readFileSync(path.join(root, 'project.config.json'), 'utf8'))
  const { scripts: npmScripts } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))
  const named = [...String(project.description).matchAll(/npm run ([\w:-]+)/g)].map((match) => match[1])
  expect(named.length).toBeGreaterThan(0)
  for (const name of named) expect(Object.keys(npmScripts)).toContain(name)
})
