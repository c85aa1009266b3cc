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

/**
 * Installed by the cloud (上传并部署：云端安装依赖) rather than bundled: the SDK, and exceljs (its zip and
 * stream dependencies do not bundle cleanly). A function's package.json lists those its bundle requires.
 */
const INSTALLED = ['wx-server-sdk', 'exceljs']
const rootManifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))
const installedVersions: Record<string, string> = { 'wx-server-sdk': `~${sdkVersion}`, exceljs: rootManifest.dependencies.exceljs }

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
    external: INSTALLED,
    minify: false,
    legalComments: 'none',
    logLevel: 'warning',
  })
  const bundle = fs.readFileSync(path.join(outDir, 'index.js'), 'utf8')
  const dependencies = Object.fromEntries(
    INSTALLED.filter((pkg) => bundle.includes(`require("${pkg}")`)).map((pkg) => [pkg, installedVersions[pkg]]),
  )
  const manifest = { name, version: '1.0.0', main: 'index.js', private: true, dependencies }
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
