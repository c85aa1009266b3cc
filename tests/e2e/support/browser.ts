/**
 * Browser end-to-end tests: the H5 build served by the local cloud (in memory, seeded) and driven by
 * playwright-core in Debian's chromium. A failing step leaves a screenshot in test-results/.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { createServer } from '../../../local-cloud/server/server'
import type { LocalRuntime } from '../../../local-cloud/runtime'
import { createTestRuntime } from '../../support/runtime'

const H5_BUILD = path.resolve(__dirname, '../../../build/h5')
const RESULTS = path.resolve(__dirname, '../../../test-results')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export interface E2E {
  runtime: LocalRuntime
  baseUrl: string
  browser: Browser
  /** A phone-sized page acting as the given seeded persona. */
  pageAs(openid: string, viewport?: { width: number; height: number }): Promise<Page>
  close(): Promise<void>
}

export async function startE2E(): Promise<E2E> {
  if (!fs.existsSync(path.join(H5_BUILD, 'index.html'))) throw new Error('build/h5 is missing: run `npm run build:h5` first')
  const runtime = await createTestRuntime()
  const server = createServer({ runtime, staticDir: H5_BUILD })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  const contexts: BrowserContext[] = []
  return {
    runtime,
    baseUrl,
    browser,
    async pageAs(openid, viewport = { width: 375, height: 760 }) {
      const context = await browser.newContext({ viewport, locale: 'zh-CN', deviceScaleFactor: 2, isMobile: true, hasTouch: true })
      contexts.push(context)
      // The persona is what the H5 client sends as X-Openid (src/services/persona.ts); Taro's H5 storage wraps values as { data }.
      await context.addInitScript((id) => window.localStorage.setItem('localPersona', JSON.stringify({ data: id })), openid)
      return context.newPage()
    },
    async close() {
      for (const context of contexts) await context.close()
      await browser.close()
      await new Promise((resolve) => server.close(resolve))
      await runtime.close()
    },
  }
}

/** Runs the steps; on failure saves a screenshot named after the test, then rethrows. */
export async function withScreenshot(page: Page, name: string, steps: () => Promise<void>): Promise<void> {
  try {
    await steps()
  } catch (error) {
    fs.mkdirSync(RESULTS, { recursive: true })
    await page.screenshot({ path: path.join(RESULTS, `${name}.png`), fullPage: true }).catch(() => undefined)
    throw error
  }
}

/** Saves screenshots to look at, by name, in test-results/<folder>/. */
export function screenshotsIn(folder: string) {
  const dir = path.join(RESULTS, folder)
  return (page: Page, name: string, options: { fullPage?: boolean } = {}) => {
    fs.mkdirSync(dir, { recursive: true })
    return page.screenshot({ path: path.join(dir, `${name}.png`), ...options })
  }
}

/** Taro's H5 router keeps earlier pages in the DOM, hidden: only what is shown counts. */
export const shown = (page: Page, selector: string, hasText?: string | RegExp) =>
  page.locator(selector, { hasText }).filter({ visible: true })
