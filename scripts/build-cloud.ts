/**
 * Bundles each cloud function (functions/<name>/index.ts) into the deployable folder under
 * `cloudfunctionRoot` (cloudfunctions/<name>/: index.js + package.json + config.json), ready for WeChat
 * DevTools' "上传并部署：云端安装依赖" or `tcb fn deploy`, and writes cloudbaserc.json (the CloudBase
 * CLI's deploy config). Both configs come from each function's definition (`defineFunction(…, { openapi,
 * timeoutSeconds, triggers, envVariables })`), so they cannot drift from the code.
 */
import fs from 'node:fs'
import path from 'node:path'
import { build } from 'esbuild'
import type { FunctionDefinition } from '../functions/_lib/define'
import { sourceFunctions } from '../local-cloud/functions'

const root = path.resolve(__dirname, '..')
const sourceRoot = path.join(root, 'functions')
const projectConfig = JSON.parse(fs.readFileSync(path.join(root, 'project.config.json'), 'utf8'))
export const cloudfunctionRoot = path.join(root, projectConfig.cloudfunctionRoot)
const sdkVersion = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/wx-server-sdk/package.json'), 'utf8')).version

/**
 * Installed by the cloud (上传并部署：云端安装依赖) rather than bundled: the SDK, and exceljs (its zip and
 * stream dependencies do not bundle cleanly). A function's package.json lists those its bundle requires.
 */
const INSTALLED = ['wx-server-sdk', 'exceljs']
const rootManifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))
const installedVersions: Record<string, string> = { 'wx-server-sdk': `~${sdkVersion}`, exceljs: rootManifest.dependencies.exceljs }

/** The bundles' language level and the CloudBase runtime that runs them (cloudbaserc.json `runtime`). */
const NODE_TARGET = 'node16'
export const CLOUDBASE_RUNTIME = 'Nodejs16.13'

export function functionNames(): string[] {
  return fs
    .readdirSync(sourceRoot, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('_') && fs.existsSync(path.join(sourceRoot, entry.name, 'index.ts')))
    .map((entry) => entry.name)
}

function definitionOf(name: string): FunctionDefinition<unknown> {
  const definition = sourceFunctions[name]
  if (!definition) throw new Error(`functions/${name} is not listed in local-cloud/functions.ts`)
  return definition
}

/**
 * The function's config.json as WeChat reads it: `permissions.openapi` (cloud calls the function may
 * make — https://developers.weixin.qq.com/miniprogram/dev/wxcloud/guide/openapi/openapi.html) and its
 * timed `triggers` (https://developers.weixin.qq.com/miniprogram/dev/wxcloud/guide/functions/triggers.html).
 */
export function functionConfig(definition: FunctionDefinition<unknown>) {
  const { openapi, triggers } = definition.deploy
  return { permissions: { openapi: [...openapi] }, ...(triggers.length ? { triggers: [...triggers] } : {}) }
}

/**
 * cloudbaserc.json for `tcb fn deploy` (CloudBase CLI 2.x): runtime, timeout, dependencies installed in
 * the cloud, triggers, and the environment variables by name — `{{env.NAME}}` is filled by the CLI from
 * the shell or a git-ignored `.env`, so no value is in the repository.
 */
export function cloudbaseConfig() {
  return {
    version: '2.0',
    envId: '{{env.ENV_ID}}',
    functionRoot: `./${path.relative(root, cloudfunctionRoot)}`,
    functions: functionNames().map((name) => {
      const { timeoutSeconds, triggers, envVariables } = definitionOf(name).deploy
      return {
        name,
        runtime: CLOUDBASE_RUNTIME,
        handler: 'index.main',
        timeout: timeoutSeconds,
        installDependency: true,
        ...(triggers.length ? { triggers: [...triggers] } : {}),
        envVariables: Object.fromEntries(envVariables.map((variable) => [variable, `{{env.${variable}}}`])),
      }
    }),
  }
}

export const json = (value: unknown) => JSON.stringify(value, null, 2) + '\n'

async function buildFunction(name: string): Promise<number> {
  const outDir = path.join(cloudfunctionRoot, name)
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
  fs.writeFileSync(path.join(outDir, 'package.json'), json(manifest))
  fs.writeFileSync(path.join(outDir, 'config.json'), json(functionConfig(definitionOf(name))))
  return fs.statSync(path.join(outDir, 'index.js')).size
}

async function main() {
  for (const name of functionNames()) {
    const bytes = await buildFunction(name)
    console.log(`cloudfunctions/${name.padEnd(16)} ${(bytes / 1024).toFixed(1)} KiB`)
  }
  fs.writeFileSync(path.join(root, 'cloudbaserc.json'), json(cloudbaseConfig()))
}

if (process.argv[1] && path.resolve(process.argv[1]) === __filename) {
  main().catch((error) => {
    console.error(error)
    process.exit(1)
  })
}
