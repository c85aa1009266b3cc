/**
 * What printed and displayed codes open. A mini-program code (wxacode) names a page and a `scene` of at
 * most 32 characters; the rotating check-in code is a plain https link under a prefix registered for
 * 扫普通链接二维码打开小程序, which WeChat opens at the check-in page with the whole link as `q`.
 */

/** Pages as wxacode wants them: no leading slash, no query. */
export const CODE_PAGES = {
  cabinet: 'packages/bookcase/pages/cabinet/index',
  activity: 'packages/activity/pages/detail/index',
  checkin: 'packages/activity/pages/scan/index',
} as const

/** WeChat's limit on a mini-program code's scene and its alphabet (ids here use a subset of it). */
export const SCENE_MAX = 32
const SCENE_ID = /^[A-Za-z0-9_-]{1,32}$/

export function isSceneId(id: string): boolean {
  return SCENE_ID.test(id)
}

/** The link the check-in QR code carries: `<prefix>?t=<token>` (the token is URL-safe already). */
export function checkinLink(prefix: string, token: string): string {
  return `${prefix.replace(/[?#].*$/, '')}?t=${token}`
}

const TOKEN_TEXT = /^[A-Za-z0-9._-]{1,200}$/

/**
 * The token in what a scanner or a person gave: the link itself, the page's `q` (the link, URL-encoded),
 * or the bare token typed by hand. Null when none is there.
 */
export function tokenFromScan(text: string | undefined | null): string | null {
  if (!text) return null
  let value = text.trim()
  for (let i = 0; i < 2 && /%[0-9A-Fa-f]{2}/.test(value); i++) {
    try {
      value = decodeURIComponent(value)
    } catch {
      return null
    }
  }
  const query = /[?&]t=([^&#]+)/.exec(value)
  const token = query ? query[1] : value
  return TOKEN_TEXT.test(token) ? token : null
}

/** The cabinet id in a scanned code or a page's query: `cabinetId=…`, `scene=…`, or the id alone. */
export function cabinetIdFrom(text: string | undefined): string | null {
  if (!text) return null
  const decoded = decodeURIComponent(text)
  const match = /(?:cabinetId|scene)=([A-Za-z0-9_-]+)/.exec(decoded) ?? /^([A-Za-z0-9_-]{1,40})$/.exec(decoded.trim())
  return match ? match[1] : null
}
