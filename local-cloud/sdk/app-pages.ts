/**
 * The pages of the mini-program, as `app.config.ts` declares them (main package and subpackages), for
 * the openapi calls that check a page exists, as WeChat checks it against the published app.
 */
import { createRequire } from 'node:module'

let pages: string[] | undefined

export function appPages(): string[] {
  if (pages) return pages
  // The config is written for Taro's build, which provides `defineAppConfig` as a global.
  const globals = globalThis as { defineAppConfig?: (config: unknown) => unknown }
  globals.defineAppConfig ??= (config) => config
  const config = createRequire(__filename)('../../src/app.config').default as {
    pages: string[]
    subPackages?: { root: string; pages: string[] }[]
  }
  pages = [...config.pages, ...(config.subPackages ?? []).flatMap((sub) => sub.pages.map((page) => `${sub.root}/${page}`))]
  return pages
}
