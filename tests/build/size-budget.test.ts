/** `npm run size` (scripts/size-budget.mjs) holds the main package to 1.3× a Taro hello-world (issue 15). */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const SCRIPT = path.resolve(__dirname, '../../scripts/size-budget.mjs')

/** A fake weapp build: app.json naming one subpackage, `mainBytes` in the main package, 100 KiB in the subpackage. */
function fakeBuild(mainBytes: number): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'size-budget-'))
  fs.writeFileSync(path.join(root, 'app.json'), JSON.stringify({ subPackages: [{ root: 'packages/activity' }] }))
  const used = fs.statSync(path.join(root, 'app.json')).size
  fs.writeFileSync(path.join(root, 'taro.js'), Buffer.alloc(mainBytes - used))
  fs.mkdirSync(path.join(root, 'packages/activity'), { recursive: true })
  fs.writeFileSync(path.join(root, 'packages/activity/index.js'), Buffer.alloc(100 * 1024))
  return root
}

const run = (root: string) => spawnSync(process.execPath, [SCRIPT, root], { encoding: 'utf8' })

test('reports the ratio to a hello-world and passes within 1.3×', () => {
  const answer = run(fakeBuild(370 * 1024))
  expect(answer.status).toBe(0)
  expect(answer.stdout).toMatch(/1\.28× a Taro hello-world/)
})

test('fails above 1.3× a hello-world, subpackages not counted', () => {
  const answer = run(fakeBuild(380 * 1024))
  expect(answer.status).toBe(1)
  expect(answer.stderr).toContain('1.3× a Taro hello-world')
})
