/**
 * Renders screens as WeChat runs them: the native components that `npm run build:components` makes
 * from the React screens, loaded in miniprogram-simulate. Cloud calls go to a test double (or the
 * local cloud in-process) through `wx.cloud.callFunction`, exactly the path the app uses.
 */
import path from 'node:path'
import fs from 'node:fs'
import simulate from 'miniprogram-simulate'

export const COMPONENTS_BUILD = path.resolve(__dirname, '../../../build/weapp-components')

export type CloudHandler = (name: string, data: Record<string, any>) => unknown | Promise<unknown>

let cloudHandler: CloudHandler = () => {
  throw new Error('no cloud handler installed for this test')
}
export const cloudCalls: { name: string; data: Record<string, any> }[] = []

/** Call before the first render in a test file: Taro reads `wx.cloud` when its runtime loads. */
export function installWeChatDoubles(): void {
  if (!fs.existsSync(COMPONENTS_BUILD)) throw new Error('build/weapp-components is missing: run `npm run build:components` first')
  const g = globalThis as any
  // The components ask for the page they sit on (Taro keys its instances by route).
  g.getCurrentPages = () => [{ route: 'pages/test/index', options: {} }]
  g.getApp = () => ({})
  g.wx.cloud = {
    init() {},
    async callFunction({ name, data }: { name: string; data: Record<string, any> }) {
      cloudCalls.push({ name, data })
      return { result: await cloudHandler(name, data) }
    },
  }
}

/** WeChat API calls the screens made (toasts, dialogs, navigation …), in order; cleared before each test. */
export const wxCalls: { api: string; args: any }[] = []
beforeEach(() => {
  wxCalls.length = 0
})

/**
 * Stands in for these WeChat APIs: each call is recorded in `wxCalls` and succeeds with its
 * answer (default `{}`). Call in `beforeAll`, after `installWeChatDoubles`.
 */
export function recordWeChatCalls(answers: Record<string, () => unknown>): void {
  const wx = (globalThis as any).wx
  for (const [api, answer] of Object.entries(answers)) {
    wx[api] = (args: any) => {
      wxCalls.push({ api, args })
      args?.success?.(answer())
      args?.complete?.()
    }
  }
}

export function answerCloud(handler: CloudHandler): void {
  cloudHandler = handler
  cloudCalls.length = 0
}

// A component's JS runs once per process (Node caches the module), so each screen loads once.
const loaded = new Map<string, string>()

export function renderScreen(screen: string, props: Record<string, unknown> = {}) {
  let id = loaded.get(screen)
  if (!id) {
    id = simulate.load(path.join(COMPONENTS_BUILD, screen), { rootPath: COMPONENTS_BUILD }) as string
    loaded.set(screen, id)
  }
  const component = simulate.render(id, { props })
  component.attach(document.createElement('parent-wrapper'))
  return component
}

/** Lets promises and Taro's batched setData settle. */
export async function settle(ms = 30): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms))
  await simulate.sleep(0)
}

/** The rendered text of a component, whitespace collapsed. */
export function textOf(component: { dom?: Element } | null | undefined): string {
  return (component?.dom?.textContent ?? '').replace(/\s+/g, ' ').trim()
}
