/**
 * The built cloudfunctions/<fn>/ bundles, as the local cloud runs them: each bundle's own code
 * (`definition`, exported beside `main`), held to what the platform reads — `permissions.openapi` from
 * the bundle's config.json and `timeout` from cloudbaserc.json — rather than to the TypeScript sources.
 */
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { FunctionDefinition } from '../functions/_lib/define'

const root = path.resolve(__dirname, '..')
const nodeRequire = createRequire(__filename)

export interface BundleSource {
  /** The cloudfunctionRoot (default: project.config.json's, i.e. cloudfunctions/). */
  dir?: string
  /** The CloudBase CLI config (default: cloudbaserc.json at the root). */
  cloudbaserc?: string
}

export function loadBundles(source: BundleSource = {}): Record<string, FunctionDefinition<unknown>> {
  const project = JSON.parse(fs.readFileSync(path.join(root, 'project.config.json'), 'utf8'))
  const dir = source.dir ?? path.join(root, project.cloudfunctionRoot)
  const rc = JSON.parse(fs.readFileSync(source.cloudbaserc ?? path.join(root, 'cloudbaserc.json'), 'utf8'))
  const timeouts = new Map<string, number>(rc.functions.map((fn: { name: string; timeout: number }) => [fn.name, fn.timeout]))
  const bundles: Record<string, FunctionDefinition<unknown>> = {}
  for (const name of fs.readdirSync(dir)) {
    const entry = path.join(dir, name, 'index.js')
    if (!fs.existsSync(entry)) continue
    const config = JSON.parse(fs.readFileSync(path.join(dir, name, 'config.json'), 'utf8'))
    const { definition } = nodeRequire(entry) as { definition?: FunctionDefinition<unknown> }
    if (!definition) throw new Error(`${entry} exports no definition: rebuild with npm run build:cloud`)
    const timeoutSeconds = timeouts.get(name)
    if (timeoutSeconds === undefined) throw new Error(`cloudbaserc.json has no function ${name}`)
    bundles[name] = {
      ...definition,
      deploy: { ...definition.deploy, openapi: config.permissions?.openapi ?? [], timeoutSeconds, triggers: config.triggers ?? [] },
    }
  }
  return bundles
}
