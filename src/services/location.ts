import Taro from '@tarojs/taro'
import gcoord from 'gcoord'
import type { Position } from '@domain/geo'
import { ensurePrivacyConsent } from './privacy'

/**
 * Where the worker is, asked once when a screen needs it (never in the background). Positions are
 * GCJ-02, as WeChat's `getLocation({ type: 'gcj02' })` and its map use them.
 */
export type Whereabouts =
  | { status: 'located'; position: Position; /** the H5 demo's stand-in, the browser could not tell */ demo: boolean }
  /** They said no: `privacy` to the privacy guide, `permission` to WeChat's or the browser's location prompt. */
  | { status: 'refused'; by: 'privacy' | 'permission' }
  /** The phone could not tell (location switched off, no signal, timed out). */
  | { status: 'unavailable' }

/** 五四广场 (GCJ-02): where the H5 demo stands when the browser has no position to give. */
export const DEMO_POSITION: Position = { latitude: 36.061, longitude: 120.384 }

async function locateOnWeChat(): Promise<Whereabouts> {
  try {
    const { latitude, longitude } = await Taro.getLocation({ type: 'gcj02' })
    return { status: 'located', position: { latitude, longitude }, demo: false }
  } catch (error) {
    // WeChat's words: `privacy permission is not authorized` (the privacy guide), `auth deny` / `auth denied`
    // (its location prompt); `system permission denied` and the rest: the phone itself cannot tell.
    const text = String((error as { errMsg?: string })?.errMsg ?? error)
    if (/privacy/i.test(text)) return { status: 'refused', by: 'privacy' }
    if (/auth/i.test(text)) return { status: 'refused', by: 'permission' }
    return { status: 'unavailable' }
  }
}

/**
 * H5 is the local demo: the browser's own position (WGS-84, turned into GCJ-02 like WeChat's), or
 * 五四广场 when the browser has none to give; a refusal stays a refusal.
 */
function locateInBrowser(): Promise<Whereabouts> {
  const demo: Whereabouts = { status: 'located', position: DEMO_POSITION, demo: true }
  const geolocation = typeof navigator === 'undefined' ? undefined : navigator.geolocation
  if (!geolocation) return Promise.resolve(demo)
  return new Promise((resolve) =>
    geolocation.getCurrentPosition(
      ({ coords }) => {
        const [longitude, latitude] = gcoord.transform([coords.longitude, coords.latitude], gcoord.WGS84, gcoord.GCJ02)
        resolve({ status: 'located', position: { latitude, longitude }, demo: false })
      },
      (error) => resolve(error.code === error.PERMISSION_DENIED ? { status: 'refused', by: 'permission' } : demo),
      { timeout: 8000, maximumAge: 60_000 },
    ),
  )
}

/** The worker's position, after the privacy guide's consent (the popup shows when it is still needed). */
export async function locate(): Promise<Whereabouts> {
  if (!(await ensurePrivacyConsent())) return { status: 'refused', by: 'privacy' }
  return process.env.TARO_ENV === 'weapp' ? locateOnWeChat() : locateInBrowser()
}
