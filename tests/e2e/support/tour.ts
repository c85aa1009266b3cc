/**
 * Every screen of every role, as the screenshot tour (`npm run tour`) and the layout test visit them:
 * the H5 build, each screen opened fresh (Taro's H5 router keeps earlier pages in the DOM, hidden).
 */
import type { Page } from 'playwright-core'

export interface TourScreen {
  role: string
  openid: string
  name: string
  /** The hash route, as the app links to it. */
  route: string
}

const roles: Array<{ role: string; openid: string; screens: Array<[string, string]> }> = [
  {
    role: 'worker',
    openid: 'local-worker',
    screens: [
      ['home', '/pages/home/index'],
      ['me', '/pages/me/index'],
      ['profile', '/pages/profile/index'],
      ['messages', '/pages/messages/index'],
      ['privacy', '/pages/privacy/index'],
      ['about', '/pages/about/index'],
      ['activity-list', '/packages/activity/pages/list/index'],
      ['activity-detail', '/packages/activity/pages/detail/index?id=activity-mental'],
      ['activity-mine', '/packages/activity/pages/mine/index'],
      ['cabinet', '/packages/bookcase/pages/cabinet/index?cabinetId=cabinet-1'],
      ['loans', '/packages/bookcase/pages/loans/index'],
      ['deposit', '/packages/bookcase/pages/deposit/index'],
      ['leaderboard', '/packages/bookcase/pages/leaderboard/index'],
      ['cabinet-finder', '/packages/bookcase/pages/finder/index'],
      ['counselors', '/packages/counseling/pages/counselors/index'],
      ['counselor', '/packages/counseling/pages/counselor/index?counselorId=counselor-1'],
      ['my-bookings', '/packages/counseling/pages/my-bookings/index'],
    ],
  },
  {
    role: 'volunteer',
    openid: 'local-volunteer-1',
    screens: [
      ['home', '/pages/home/index'],
      ['me', '/pages/me/index'],
      ['activity-list', '/packages/activity/pages/list/index'],
      ['activity-mine', '/packages/activity/pages/mine/index'],
      ['volunteer-card', '/packages/activity/pages/card/index'],
    ],
  },
  {
    role: 'organizer',
    openid: 'local-organizer',
    screens: [
      ['me', '/pages/me/index'],
      ['activity-list', '/packages/activity/pages/list/index'],
      ['activity-draft', '/packages/activity/pages/detail/index?id=activity-summer-draft'],
      ['activity-form', '/packages/activity/pages/form/index'],
      ['roster', '/packages/activity/pages/roster/index?id=activity-traffic'],
      ['checkin-code', '/packages/activity/pages/checkin/index?id=activity-mental'],
      ['verify-card', '/packages/activity/pages/verify/index'],
    ],
  },
  {
    role: 'counselor',
    openid: 'local-counselor-1',
    screens: [
      ['me', '/pages/me/index'],
      ['counselor-bookings', '/packages/counseling/pages/counselor-bookings/index'],
      ['availability', '/packages/counseling/pages/availability/index'],
      ['counselor-profile', '/packages/counseling/pages/counselor-profile/index'],
    ],
  },
  {
    role: 'admin',
    openid: 'local-admin',
    screens: [
      ['me', '/pages/me/index'],
      ['admin', '/packages/admin/pages/index/index'],
      ['admin-bookcase', '/packages/admin/pages/bookcase/index'],
      ['dashboard', '/packages/admin/pages/dashboard/index'],
    ],
  },
]

export const TOUR_SCREENS: TourScreen[] = roles.flatMap(({ role, openid, screens }) =>
  screens.map(([name, route]) => ({ role, openid, name, route })),
)

export const TOUR_WIDTHS = [375, 320] as const

/** Opens the screen and waits until its cloud calls have answered and the loading state is gone. */
export async function openScreen(page: Page, baseUrl: string, screen: TourScreen): Promise<void> {
  await page.goto(`${baseUrl}/?console=0#${screen.route}`)
  await page.waitForLoadState('networkidle')
  await page
    .locator('.state__spinner')
    .filter({ visible: true })
    .first()
    .waitFor({ state: 'detached', timeout: 5000 })
    .catch(() => undefined)
  await page.waitForTimeout(200)
}

export interface LayoutProblem {
  kind: 'overflow' | 'small-text' | 'small-target' | 'app-font' | 'page-background' | 'primary'
  what: string
}

/**
 * What a person would see as broken: a shown element reaching past the viewport's right or left edge
 * (outside any horizontally scrolling or clipping box), shown text under 12 CSS px, a button under
 * 44 px tall, a field in monospace, a page not on WeUI's grey.
 */
// Plain JavaScript run in the page: compiled TypeScript helpers (tsx's __name) do not exist there.
const FIND_LAYOUT_PROBLEMS = `(() => {
  const problems = []
  const width = document.documentElement.clientWidth
  const describe = (el) => {
    const cls = typeof el.className === 'string' ? el.className.trim().split(/\\s+/).slice(0, 2).join('.') : ''
    const text = (el.textContent || '').trim().slice(0, 20)
    return el.tagName.toLowerCase() + (cls ? '.' + cls : '') + ' "' + text + '"'
  }
  const clipsX = (el) => ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(el).overflowX)
  const insideClip = (el) => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) if (clipsX(up)) return true
    return false
  }
  const shown = (el) => el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })
  for (const el of Array.from(document.body.querySelectorAll('*'))) {
    if (!shown(el)) continue
    const rect = el.getBoundingClientRect()
    if (rect.width === 0 || rect.height === 0) continue
    if ((rect.right > width + 1 || rect.left < -1) && !insideClip(el))
      problems.push({ kind: 'overflow', what: describe(el) + ' spans ' + Math.round(rect.left) + '…' + Math.round(rect.right) + ' of ' + width })
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement
    if (!parent || !(node.textContent || '').trim() || !shown(parent)) continue
    const size = parseFloat(getComputedStyle(parent).fontSize)
    if (size < 12) problems.push({ kind: 'small-text', what: describe(parent) + ' at ' + size + 'px' })
  }
  // Buttons are tap targets: at least 44 px tall.
  for (const button of Array.from(document.querySelectorAll('taro-button-core'))) {
    if (!shown(button)) continue
    const height = button.getBoundingClientRect().height
    if (height > 0 && height < 44) problems.push({ kind: 'small-target', what: describe(button) + ' is ' + Math.round(height) + 'px tall' })
  }
  // One primary button per screen (issue 15): a filled button in a colour (red, a service's own accent,
  // WeChat's green) is the screen's primary; white, grey and outlined ones are not.
  const filledInColour = (colour) => {
    const [r, g, b, a = 1] = (colour.match(/[\\d.]+/g) || []).map(Number)
    return a > 0.5 && Math.max(r, g, b) - Math.min(r, g, b) > 48
  }
  const primaries = Array.from(document.querySelectorAll('taro-button-core')).filter((button) => shown(button) && filledInColour(getComputedStyle(button).backgroundColor))
  if (primaries.length > 1) problems.push({ kind: 'primary', what: primaries.length + ' primary buttons: ' + primaries.map(describe).join(', ') })
  // Fields type in the app's font, not the browser's monospace default.
  for (const field of Array.from(document.querySelectorAll('textarea, input'))) {
    if (shown(field) && /monospace/.test(getComputedStyle(field).fontFamily)) problems.push({ kind: 'app-font', what: describe(field) + ' in ' + getComputedStyle(field).fontFamily })
  }
  // WeUI's grey page behind white cells.
  const page = Array.from(document.querySelectorAll('.taro_page')).find(shown)
  if (page && getComputedStyle(page).backgroundColor !== 'rgb(237, 237, 237)') problems.push({ kind: 'page-background', what: 'page is ' + getComputedStyle(page).backgroundColor })
  return problems
})()`

/**
 * What a person would see as broken: a shown element reaching past the viewport's right or left edge
 * (outside any horizontally scrolling or clipping box), shown text under 12 CSS px, a button under
 * 44 px tall, a field in monospace, a page not on WeUI's grey, more than one primary button.
 */
export async function layoutProblems(page: Page): Promise<LayoutProblem[]> {
  return page.evaluate(FIND_LAYOUT_PROBLEMS) as Promise<LayoutProblem[]>
}
