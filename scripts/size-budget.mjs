// Prints the byte size of the weapp main package, each subpackage and the total; fails above
// WeChat's limits (2 MB main package, 20 MB in all) and above 1.3× a Taro hello-world main package
// (issue 15: pictures and services live in subpackages or cloud storage, the main package stays lean).
import fs from 'node:fs'
import path from 'node:path'

const root = path.resolve(process.argv[2] ?? 'build/weapp')
const MAIN_LIMIT = 2 * 1024 * 1024
const TOTAL_LIMIT = 20 * 1024 * 1024
const MAIN_AIM = 512 * 1024
// `taro build --type weapp` of Taro 4.2.1's React template (one page with "Hello world!", designWidth
// 750, webpack5, same node_modules), measured 2026-12-02: the runtime every Taro app ships.
const HELLO_WORLD_MAIN = 296068
const HELLO_WORLD_FACTOR = 1.3

function folderSize(dir) {
  let total = 0
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    total += entry.isDirectory() ? folderSize(full) : fs.statSync(full).size
  }
  return total
}

const appJson = JSON.parse(fs.readFileSync(path.join(root, 'app.json'), 'utf8'))
const subRoots = (appJson.subPackages ?? appJson.subpackages ?? []).map((p) => p.root.replace(/\/$/, ''))
const total = folderSize(root)
const subSizes = subRoots.map((sub) => ({ name: sub, bytes: fs.existsSync(path.join(root, sub)) ? folderSize(path.join(root, sub)) : 0 }))
const main = total - subSizes.reduce((sum, s) => sum + s.bytes, 0)
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`

console.log(`main package   ${kib(main).padStart(12)}  (limit 2048 KiB, aim 512 KiB${main > MAIN_AIM ? ' — OVER AIM' : ''})`)
console.log(
  `               ${(main / HELLO_WORLD_MAIN).toFixed(2)}× a Taro hello-world (${kib(HELLO_WORLD_MAIN)}; budget ${HELLO_WORLD_FACTOR}× = ${kib(HELLO_WORLD_MAIN * HELLO_WORLD_FACTOR)})`,
)
for (const s of subSizes) console.log(`${s.name.padEnd(14)} ${kib(s.bytes).padStart(12)}`)
console.log(`total          ${kib(total).padStart(12)}  (limit 20480 KiB)`)

const failures = []
if (main > MAIN_LIMIT) failures.push(`main package ${kib(main)} exceeds 2 MB`)
if (main > HELLO_WORLD_MAIN * HELLO_WORLD_FACTOR)
  failures.push(`main package ${kib(main)} exceeds ${HELLO_WORLD_FACTOR}× a Taro hello-world`)
for (const s of subSizes) if (s.bytes > MAIN_LIMIT) failures.push(`subpackage ${s.name} ${kib(s.bytes)} exceeds 2 MB`)
if (total > TOTAL_LIMIT) failures.push(`total ${kib(total)} exceeds 20 MB`)
if (failures.length) {
  console.error(`size budget failed: ${failures.join('; ')}`)
  process.exit(1)
}
