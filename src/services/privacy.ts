import Taro from '@tarojs/taro'

/**
 * The mini-program privacy flow. On WeChat, a privacy-relevant API call (phone number, location …)
 * or `requirePrivacyAuthorize` makes WeChat call `onNeedPrivacyAuthorization`; we show our popup and
 * answer WeChat when the person agrees (the agree button has open-type agreePrivacyAuthorization).
 * On H5 (local demo) the same popup stands in, remembered in storage.
 */
type WeChatResolve = (result: { event: 'agree' | 'disagree'; buttonId?: string }) => void
type Listener = (visible: boolean) => void

const H5_AGREED_KEY = 'privacyAgreed'
const listeners = new Set<Listener>()
let weChatResolve: WeChatResolve | undefined
let h5Decision: ((agreed: boolean) => void) | undefined

const weChat = (): any => (process.env.TARO_ENV === 'weapp' ? (globalThis as any).wx : undefined)

function show(visible: boolean) {
  listeners.forEach((listener) => listener(visible))
}

export function onPrivacyPopup(listener: Listener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** WeChat asks us to show the popup when it needs consent (one handler; a later call replaces it). */
export function installPrivacyHandler(): void {
  weChat()?.onNeedPrivacyAuthorization?.((resolve: WeChatResolve) => {
    weChatResolve = resolve
    show(true)
  })
}

/** Resolves true once the person has agreed (at once if they already had). */
export function ensurePrivacyConsent(): Promise<boolean> {
  const wx = weChat()
  if (wx?.requirePrivacyAuthorize) {
    return new Promise((resolve) => wx.requirePrivacyAuthorize({ success: () => resolve(true), fail: () => resolve(false) }))
  }
  if (Taro.getStorageSync(H5_AGREED_KEY) === true) return Promise.resolve(true)
  return new Promise((resolve) => {
    h5Decision = resolve
    show(true)
  })
}

export function answerPrivacy(agreed: boolean, buttonId?: string): void {
  show(false)
  if (weChatResolve) {
    weChatResolve(agreed ? { event: 'agree', buttonId } : { event: 'disagree' })
    weChatResolve = undefined
  }
  if (h5Decision) {
    if (agreed) Taro.setStorageSync(H5_AGREED_KEY, true)
    h5Decision(agreed)
    h5Decision = undefined
  }
}

export function openPrivacyContract(): void {
  const wx = weChat()
  if (wx?.openPrivacyContract) wx.openPrivacyContract({})
  else Taro.navigateTo({ url: '/pages/privacy/index' })
}
