/**
 * How text is shown: 关怀模式 (larger text, higher contrast, simpler layout) and WeChat's own font-size
 * setting, as CSS variables on each page's root that the design tokens read (src/styles/tokens.scss).
 *
 * Kept on the phone with Taro storage, which WeChat keeps apart per WeChat account (so it is per person);
 * the H5 app, where one browser acts as several people in local mode, keeps it per persona.
 */
import Taro from '@tarojs/taro'
import { currentPersona, isLocalMode } from './persona'

/** 17 px body text becomes 20.4 px: 关怀模式 asks for at least 20. */
export const CARE_FONT_SCALE = 1.2
const CARE_BODY_PX = 20.4
/** The body size at scale 1 (34 design px of 750; the H5 root font never makes it smaller at 320 px). */
const BODY_PX = 17
/** Past this the longest words of a 320 px screen no longer fit their rows. */
const MAX_FONT_SCALE = 1.4
/** WeChat's 「字体大小」 at its standard step, in px (`fontSizeSetting`). */
const STANDARD_FONT_SIZE = 16

const storageKey = () => (isLocalMode ? `careMode:${currentPersona()}` : 'careMode')

export function careModeOn(): boolean {
  try {
    return Taro.getStorageSync(storageKey()) === true
  } catch {
    return false
  }
}

const listeners = new Set<() => void>()

export function setCareMode(on: boolean): void {
  Taro.setStorageSync(storageKey(), on)
  applyToDocument()
  for (const listener of listeners) listener()
}

export function onDisplayChange(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** The person's WeChat font size as a factor of the standard one (weapp; 1 elsewhere). */
function systemFontScale(): number {
  if (process.env.TARO_ENV !== 'weapp') return 1
  try {
    const info = Taro.getAppBaseInfo ? Taro.getAppBaseInfo() : Taro.getSystemInfoSync()
    const setting = Number((info as { fontSizeSetting?: number }).fontSizeSetting)
    return setting > 0 ? setting / STANDARD_FONT_SIZE : 1
  } catch {
    return 1
  }
}

const VARIABLES = ['--font-scale', '--color-text', '--color-text-secondary', '--color-border'] as const
export type DisplayVariables = Partial<Record<(typeof VARIABLES)[number], string>>

/**
 * 关怀模式's scale: weapp sizes text in rpx, which shrink with the screen (17 px body at 375 px wide is
 * 14.5 px at 320), so narrower phones get a larger factor to keep the body at 20 px.
 */
function careFontScale(): number {
  if (process.env.TARO_ENV !== 'weapp') return CARE_FONT_SCALE
  try {
    const { windowWidth } = Taro.getWindowInfo ? Taro.getWindowInfo() : Taro.getSystemInfoSync()
    return windowWidth > 0 ? Math.max(CARE_FONT_SCALE, CARE_BODY_PX / ((BODY_PX * windowWidth) / 375)) : CARE_FONT_SCALE
  } catch {
    return CARE_FONT_SCALE
  }
}

/** The variables for the page root: the larger of the two scales, within what layouts hold. */
export function displayVariables(care = careModeOn()): DisplayVariables {
  const scale = Math.min(MAX_FONT_SCALE, Math.max(systemFontScale(), care ? careFontScale() : 1))
  const variables: DisplayVariables = { '--font-scale': scale.toFixed(3) }
  if (care) {
    // Higher contrast: black text, secondary text at 9:1 on white (the default is 5.3:1), visible borders.
    variables['--color-text'] = '#000000'
    variables['--color-text-secondary'] = '#404040'
    variables['--color-border'] = '#a6a6a6'
  }
  return variables
}

/** H5: the same variables on <html>, for what renders outside a page (dialogs, toasts). */
export function applyToDocument(): void {
  if (process.env.TARO_ENV !== 'h5') return
  const root = document.documentElement
  const variables = displayVariables()
  for (const name of VARIABLES) {
    const value = variables[name]
    if (value) root.style.setProperty(name, value)
    else root.style.removeProperty(name)
  }
  root.classList.toggle('care-mode', careModeOn())
}
