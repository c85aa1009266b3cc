/**
 * 附近书柜 as WeChat runs it: the position comes from `wx.getLocation({ type: 'gcj02' })` after the
 * privacy check, goes with the `cabinets` call, and the answer shows as cells and as map markers; a
 * refusal in WeChat's prompt leaves the list by name with 开启定位 opening the settings page.
 */
import type { Answer } from '../../functions/contract'
import { answerCloud, cloudCalls, installWeChatDoubles, renderScreen, settle, textOf } from './support/simulate'

type Cabinets = Answer<'bookcase', 'cabinets'>

const HERE = { latitude: 36.0647, longitude: 120.3116 }

function answer(located: boolean): Cabinets {
  return {
    sortedBy: located ? 'distance' : 'name',
    items: [
      {
        cabinetId: 'cabinet-2',
        name: '青岛站职工书柜',
        place: '青岛站 候车大厅 2 号检票口旁',
        position: { latitude: 36.0649, longitude: 120.3118 },
        distance: located ? 31 : null,
        online: true,
        available: 10,
      },
      {
        cabinetId: 'cabinet-1',
        name: '五四广场站职工书柜',
        place: '地铁3号线 五四广场站 B 口站厅',
        position: { latitude: 36.0654, longitude: 120.3801 },
        distance: located ? 6155 : null,
        online: false,
        available: 0,
      },
    ],
    hasMore: false,
  }
}

/** Taro's render tree as the page's data holds it: the node with this class, with its props. */
function node(screen: any, className: string): Record<string, unknown> {
  const walk = (at: any): any => {
    if (!at || typeof at !== 'object') return undefined
    if (typeof at.cl === 'string' && at.cl.split(' ').includes(className)) return at
    for (const child of at.cn ?? []) {
      const found = walk(child)
      if (found) return found
    }
    return undefined
  }
  const found = walk(screen.instance.data.root)
  if (!found) throw new Error(`no .${className} rendered`)
  return found
}

const wxCalls: { api: string; args: any }[] = []
let location: { ok: true } | { ok: false; errMsg: string } = { ok: true }

beforeAll(() => {
  installWeChatDoubles()
  const wx = (globalThis as any).wx
  wx.requirePrivacyAuthorize = ({ success }: { success: () => void }) => success()
  wx.getLocation = (args: any) => {
    wxCalls.push({ api: 'getLocation', args })
    if (location.ok) args.success?.({ ...HERE, accuracy: 30, errMsg: 'getLocation:ok' })
    else args.fail?.({ errMsg: location.errMsg })
    args.complete?.()
  }
  wx.navigateTo = (args: any) => {
    wxCalls.push({ api: 'navigateTo', args })
    args.success?.({})
  }
})

beforeEach(() => {
  wxCalls.length = 0
  answerCloud((name, call) =>
    name === 'bookcase' && call.action === 'cabinets'
      ? { ok: true, data: answer(Boolean(call.position)) }
      : { ok: false, code: 'INTERNAL' },
  )
})

test('located: GCJ-02 position sent, cells with distance, state and books; the map marks each cabinet; a tap opens it', async () => {
  location = { ok: true }
  const screen = renderScreen('screens/bookcase/FinderScreen')
  await settle(60)
  expect(wxCalls.find((c) => c.api === 'getLocation')?.args.type).toBe('gcj02')
  expect(cloudCalls[0].data).toEqual({ action: 'cabinets', position: HERE, offset: 0, pageSize: 20 })
  const text = textOf(screen)
  expect(text).toContain('青岛站职工书柜')
  expect(text).toContain('31 m')
  expect(text).toContain('6.2 km')
  expect(text).toContain('可借 10 本')
  expect(text).toContain('离线')
  expect(text).toContain('暂无可借图书')
  expect(text).not.toContain('开启定位')

  // The map, one tab away: a marker per cabinet, the worker shown.
  const [, mapTab] = screen.querySelectorAll('.finder__tab')
  mapTab.dispatchEvent('tap')
  await settle()
  const map = node(screen, 'finder__map')
  const markers = Object.values(map).find((value): value is any[] => Array.isArray(value) && Boolean(value[0]?.iconPath))
  expect(markers?.map(({ latitude, longitude, iconPath }) => ({ latitude, longitude, iconPath }))).toEqual([
    { latitude: 36.0649, longitude: 120.3118, iconPath: '/packages/bookcase/assets/cabinet-marker.png' },
    { latitude: 36.0654, longitude: 120.3801, iconPath: '/packages/bookcase/assets/cabinet-marker.png' },
  ])
  expect(markers?.map((marker) => marker.callout.content)).toEqual([
    '青岛站职工书柜 · 可借 10 本',
    '五四广场站职工书柜（离线） · 可借 0 本',
  ])
  // Centred on the worker, whose position the map shows.
  expect(Object.values(map)).toEqual(expect.arrayContaining([HERE.latitude, HERE.longitude, true]))
  screen.querySelector('.finder__map')!.dispatchEvent('callouttap', { detail: { markerId: 0 } })
  await settle()
  expect(wxCalls.filter((c) => c.api === 'navigateTo').map((c) => c.args.url)).toEqual([
    '/packages/bookcase/pages/cabinet/index?cabinetId=cabinet-2',
  ])
  wxCalls.length = 0

  const [list] = screen.querySelectorAll('.finder__tab')
  list.dispatchEvent('tap')
  await settle()
  screen.querySelectorAll('.finder__cell')[1].dispatchEvent('tap')
  await settle()
  expect(wxCalls.filter((c) => c.api === 'navigateTo').map((c) => c.args.url)).toEqual([
    '/packages/bookcase/pages/cabinet/index?cabinetId=cabinet-1',
  ])
})

test("refused in WeChat's prompt: by name without distances; 开启定位 is the settings button", async () => {
  location = { ok: false, errMsg: 'getLocation:fail auth deny' }
  const screen = renderScreen('screens/bookcase/FinderScreen')
  await settle(60)
  expect(cloudCalls[0].data).toEqual({ action: 'cabinets', offset: 0, pageSize: 20 })
  const text = textOf(screen)
  expect(text).toContain('未开启定位，书柜按名称排列')
  expect(text).not.toMatch(/\d m|km/)
  // Only WeChat's settings page undoes a refusal there: the button opens it (open-type openSetting).
  expect(Object.values(node(screen, 'finder__locate'))).toContain('openSetting')

  // Allowed there: back on the screen, the position is asked again and the list sorted by distance.
  location = { ok: true }
  screen.querySelector('.finder__locate')!.dispatchEvent('opensetting', { detail: { authSetting: { 'scope.userLocation': true } } })
  await settle(60)
  expect(cloudCalls.at(-1)?.data).toEqual({ action: 'cabinets', position: HERE, offset: 0, pageSize: 20 })
  expect(textOf(screen)).toContain('31 m')
  expect(textOf(screen)).not.toContain('开启定位')
})

test('the privacy guide declined inside getLocation: 开启定位 asks again here, not in the settings page', async () => {
  location = { ok: false, errMsg: 'getLocation:fail privacy permission is not authorized' }
  const screen = renderScreen('screens/bookcase/FinderScreen')
  await settle(60)
  expect(textOf(screen)).toContain('未开启定位，书柜按名称排列')
  expect(Object.values(node(screen, 'finder__locate'))).not.toContain('openSetting')
  location = { ok: true }
  screen.querySelector('.finder__locate')!.dispatchEvent('tap')
  await settle(60)
  expect(textOf(screen)).toContain('31 m')
})

test('the phone cannot tell (location off, WeChat not allowed): a different notice, the list by name all the same', async () => {
  for (const errMsg of ['getLocation:fail:ERROR_NOCELL&WIFI_LOCATIONSWITCHOFF', 'getLocation:fail system permission denied']) {
    location = { ok: false, errMsg }
    const screen = renderScreen('screens/bookcase/FinderScreen')
    await settle(60)
    expect(textOf(screen)).toContain('暂时无法获取位置，书柜按名称排列。请确认手机已打开定位服务，并允许微信使用定位。')
    expect(textOf(screen)).toContain('五四广场站职工书柜')
  }
})
