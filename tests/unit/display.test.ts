/**
 * What the page root's display variables say (src/services/display.ts): 关怀模式 scales the type to at
 * least 20 px body text and darkens text and borders; on weapp WeChat's own font size (「我 → 设置 →
 * 通用 → 字体大小」, `fontSizeSetting`) scales it too, the larger of the two, capped so layouts hold.
 */
import { careModeOn, displayVariables, setCareMode } from '../../src/services/display'

const storage = new Map<string, unknown>()
let fontSizeSetting: number | undefined = 16
let windowWidth = 375
const mockTaro = {
  getStorageSync: (key: string) => storage.get(key) ?? '',
  setStorageSync: (key: string, value: unknown) => storage.set(key, value),
  getAppBaseInfo: () => ({ fontSizeSetting }),
  getWindowInfo: () => ({ windowWidth }),
}
// A getter: jest hoists this factory above the declarations, and the service reads Taro only when called.
jest.mock('@tarojs/taro', () => ({
  __esModule: true,
  get default() {
    return mockTaro
  },
}))

const BODY_PX = 17

beforeEach(() => {
  storage.clear()
  fontSizeSetting = 16
  windowWidth = 375
  process.env.TARO_ENV = 'weapp'
})

test('off by default: the standard scale and the default colours', () => {
  expect(careModeOn()).toBe(false)
  expect(displayVariables()).toEqual({ '--font-scale': '1.000' })
})

test('关怀模式: body text at least 20 px, darker text and borders; kept in storage', () => {
  setCareMode(true)
  expect(careModeOn()).toBe(true)
  const variables = displayVariables()
  expect(BODY_PX * Number(variables['--font-scale'])).toBeGreaterThanOrEqual(20)
  expect(variables).toMatchObject({ '--color-text': '#000000', '--color-text-secondary': '#404040', '--color-border': '#a6a6a6' })
  setCareMode(false)
  expect(displayVariables()).toEqual({ '--font-scale': '1.000' })
})

test("weapp follows WeChat's font size: larger settings scale the type, capped at 1.4", () => {
  fontSizeSetting = 20
  expect(displayVariables()['--font-scale']).toBe('1.250')
  fontSizeSetting = 28
  expect(displayVariables()['--font-scale']).toBe('1.400')
  // A smaller WeChat setting never shrinks the app below its own scale.
  fontSizeSetting = 14
  expect(displayVariables()['--font-scale']).toBe('1.000')
})

test('关怀模式 and a large WeChat font: the larger of the two wins', () => {
  setCareMode(true)
  fontSizeSetting = 17
  expect(displayVariables()['--font-scale']).toBe('1.200')
  fontSizeSetting = 21
  expect(displayVariables()['--font-scale']).toBe('1.313')
})

test('H5 has no WeChat font setting: only 关怀模式 scales', () => {
  process.env.TARO_ENV = 'h5'
  fontSizeSetting = 24
  expect(displayVariables()['--font-scale']).toBe('1.000')
})

test('weapp sizes text in rpx: on a 320 px phone 关怀模式 scales further, so the body is still 20 px', () => {
  setCareMode(true)
  windowWidth = 320
  const scale = Number(displayVariables()['--font-scale'])
  expect(((BODY_PX * 320) / 375) * scale).toBeGreaterThanOrEqual(20)
  windowWidth = 414
  expect(displayVariables()['--font-scale']).toBe('1.200')
})
