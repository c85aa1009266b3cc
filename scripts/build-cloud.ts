/**
 * Bundles each cloud function (functions/<name>/index.ts) into the deployable folder under
 * `cloudfunctionRoot` (cloudfunctions/<name>/: index.js + package.json [+ config.json with triggers]),
 * ready for WeChat DevTools' "上传并部署：云端安装依赖".
 */
import fs from 'node:fs'
import path from 'node:path'
import { build } from 'esbuild'

const root = path.resolve(__dirname, '..')
const sourceRoot = path.join(root, 'functions')
const projectConfig = JSON.parse(fs.readFileSync(path.join(root, 'project.config.json'), 'utf8'))
const outputRoot = path.join(root, projectConfig.cloudfunctionRoot)
const sdkVersion = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/wx-server-sdk/package.json'), 'utf8')).version

/** CloudBase runs Node 16 for functions created with the default settings. */
const NODE_TARGET = 'node16'

export function functionNames(): string[] {
  return fs
    .readdirSync(sourceRoot, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('_') && fs.existsSync(path.join(sourceRoot, entry.name, 'index.ts')))
    .map((entry) => entry.name)
}

async function buildFunction(name: string): Promise<number> {
  const outDir = path.join(outputRoot, name)
  fs.mkdirSync(outDir, { recursive: true })
  await build({
    entryPoints: [path.join(sourceRoot, name, 'index.ts')],
    outfile: path.join(outDir, 'index.js'),
    bundle: true,
    platform: 'node',
    target: NODE_TARGET,
    format: 'cjs',
    external: ['wx-server-sdk'],
    minify: false,
    legalComments: 'none',
    logLevel: 'warning',
  })
  const manifest = { name, version: '1.0.0', main: 'index.js', private: true, dependencies: { 'wx-server-sdk': `~${sdkVersion}` } }
  fs.writeFileSync(path.join(outDir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n')
  const triggers = path.join(sourceRoot, name, 'config.json')
  if (fs.existsSync(triggers)) fs.copyFileSync(triggers, path.join(outDir, 'config.json'))
  return fs.statSync(path.join(outDir, 'index.js')).size
}

async function main() {
  for (const name of functionNames()) {
    const bytes = await buildFunction(name)
    console.log(`cloudfunctions/${name.padEnd(16)} ${(bytes / 1024).toFixed(1)} KiB`)
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === __filename) {
  main().catch((error) => {
    console.error(error)
    process.exit(1)
  })
}
