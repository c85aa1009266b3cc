/**
 * Long lists stay light (issue 13): with 200 activities loaded page by page and rosters of 300 and
 * 1 000, no single setData is over 32 KB (each page appends its cards; the end of the list re-sends
 * only the footer) and the page keeps under 1 000 nodes (only the blocks of rows near the screen are
 * rendered; the others stand in as one empty node each). The setData sizes are measured by wrapping
 * the component's setData; the measured numbers are printed.
 */
import { activityBadge, organizerActions, type BadgeActivity } from '../../domain/activity/badges'
import { answerCloud, cloudCalls, installWeChatDoubles, renderScreen, settle, textOf } from './support/simulate'

installWeChatDoubles()

const MAX_SET_DATA_BYTES = 32 * 1024
const MAX_NODES = 1000

/** Records the size of every setData the screen's component makes. */
function measureSetData(component: any): number[] {
  const sizes: number[] = []
  const instance = component.instance
  const original = instance.setData.bind(instance)
  instance.setData = (data: unknown, callback?: () => void) => {
    sizes.push(Buffer.byteLength(JSON.stringify(data)))
    return original(data, callback)
  }
  return sizes
}

const nodes = (component: any) => component.dom.querySelectorAll('*').length

const start = Date.parse('2027-03-03T01:00:00Z')
/** The badge the server sends, as it would compute it a day before the first activity. */
const badgeOf = (
  a: { status: string; startAt: string | number; endAt: string | number; signupDeadline: string; seatsLeft: number },
  now: number,
) =>
  activityBadge(
    { ...a, startAt: new Date(a.startAt), endAt: new Date(a.endAt), signupDeadline: new Date(a.signupDeadline) } as BadgeActivity,
    new Date(now),
  )
const withBadge = <T extends Parameters<typeof badgeOf>[0]>(a: T, now = start - 2 * 86400_000) => ({
  ...a,
  badge: badgeOf(a, now),
  myBadge: null,
})
const activityAt = (i: number) => ({
  id: `act-${i}`,
  title: `地铁站文明引导志愿服务第 ${i} 场`,
  category: '文明交通',
  teamId: 'team-1',
  teamName: '青岛地铁志愿服务队',
  locationName: '青岛站北广场东侧入口',
  startAt: new Date(start + i * 3600_000).toISOString(),
  endAt: new Date(start + i * 3600_000 + 7200_000).toISOString(),
  signupDeadline: new Date(start - 86400_000).toISOString(),
  capacity: 20,
  seatsLeft: i % 21,
  hours: 2,
  points: 20,
  status: 'published',
  phase: 'upcoming',
})

/** The activity list after loading 200 activities page by page, with every setData it made. */
async function loadTwoHundred() {
  const TOTAL = 200
  answerCloud((_name, data) => {
    const from = data.offset as number
    const items = Array.from({ length: Math.min(data.pageSize, TOTAL - from) }, (_, i) => withBadge(activityAt(from + i)))
    return { ok: true, data: { items, hasMore: from + items.length < TOTAL, teams: [], viewer: { organizer: false } } }
  })
  const screen = renderScreen('screens/activity/ActivityListScreen')
  const sizes = measureSetData(screen)
  await settle()
  for (let page = 1; page < TOTAL / 10; page++) {
    screen.querySelector('.act-more')!.dispatchEvent('tap')
    await settle()
  }
  // All 200 are in the list: 20 blocks of 10, those off screen each one empty node of their height.
  expect(screen.querySelectorAll('.act-list .wl__block').length).toBe(TOTAL / 10)
  expect(screen.querySelector('.act-end')).toBeTruthy()
  return { screen, sizes }
}

test('200 activities, loaded page by page: no setData over 32 KB, none re-sends the list', async () => {
  const { sizes } = await loadTwoHundred()
  console.log(`activity list, 200 loaded: ${sizes.length} setData, largest ${Math.max(...sizes)} B, last ${sizes.at(-1)} B`)
  expect(sizes.length).toBeGreaterThanOrEqual(20)
  expect(Math.max(...sizes)).toBeLessThanOrEqual(MAX_SET_DATA_BYTES)
  // The page that ends the list sends its cards' blocks and the footer's new text, not the list.
  expect(sizes.at(-1)!).toBeLessThanOrEqual(4 * 1024)
}, 60_000)

test('200 activities: under 1 000 nodes, the cards on screen rendered, the rest stand in', async () => {
  const { screen } = await loadTwoHundred()
  const count = nodes(screen)
  const cards = screen.querySelectorAll('.act-card').length
  console.log(`activity list, 200 loaded: ${count} nodes, ${cards} cards rendered`)
  expect(count).toBeLessThan(MAX_NODES)
  expect(cards).toBeGreaterThanOrEqual(5)
  expect(cards).toBeLessThan(40)
  expect(textOf(screen.querySelectorAll('.act-card')[0])).toContain('第 0 场')
}, 60_000)

describe.each([300, 1000])('the roster of %i', (size) => {
  const startAt = Date.parse('2027-03-03T01:00:00Z')
  const entryAt = (i: number) => ({
    id: `act-1:vol-${i}`,
    activityId: 'act-1',
    status: 'confirmed',
    signedUpAt: startAt - 86400_000,
    checkedInAt: null,
    checkedOutAt: null,
    manualCheckin: null,
    confirmation: null,
    noShow: false,
    openid: `vol-${i}`,
    name: `志愿者${i}`,
    phone: `139${String(i).padStart(8, '0')}`,
    workUnit: '青岛地铁集团有限公司运营分公司',
    noShows: 0,
    seq: i,
    assessment: { kind: 'absent' },
    hoursLog: [],
  })
  const now = startAt + 10 * 60_000
  const activity = withBadge({ ...activityAt(0), id: 'act-1', capacity: size, seatsLeft: 0, startAt, endAt: startAt + 3 * 3600_000 }, now)
  const manage = organizerActions(
    {
      status: 'published',
      startAt: new Date(startAt),
      endAt: new Date(activity.endAt),
      signupDeadline: new Date(activity.signupDeadline),
      seatsLeft: 0,
    },
    new Date(now),
  )
  const detail = { activity, confirmedCount: size, waitlistCount: 0, isOrganizer: true, manage, now }

  async function renderRoster() {
    answerCloud((_name, data) => {
      if (data.action === 'detail') return { ok: true, data: detail }
      if (data.action === 'roster')
        return {
          ok: true,
          data: { items: Array.from({ length: size }, (_, i) => entryAt(i)), hasMore: false, activity, confirmedCount: size, manage },
        }
      if (data.action === 'manualCheckin')
        return { ok: true, data: { ...entryAt(3), checkedInAt: detail.now, manualCheckin: { by: 'local-organizer', at: detail.now } } }
      return { ok: false, code: 'INVALID_ARGUMENT', message: '未知操作' }
    })
    const screen = renderScreen('screens/activity/RosterScreen', { activityId: 'act-1' })
    const sizes = measureSetData(screen)
    await settle()
    return { screen, sizes }
  }

  test('checking one person in by hand updates that row only: one call, no reload, a small setData', async () => {
    const { screen } = await renderRoster()
    const rows = () => screen.querySelectorAll('.act-roster__entry')
    const shown = rows().length
    expect(shown).toBeGreaterThan(3)
    const sizes = measureSetData(screen)
    const callsBefore = cloudCalls.length
    const buttons = () => screen.querySelectorAll('.act-roster__manual')
    expect(buttons().length).toBe(shown)
    buttons()[3].dispatchEvent('tap')
    await settle(100)
    expect(cloudCalls.slice(callsBefore).map((c) => c.data.action)).toEqual(['manualCheckin'])
    expect(textOf(rows()[3])).toContain('志愿者3')
    expect(textOf(rows()[3])).toContain('（手工）')
    // That row's button is gone; the others stay, and no block came or went.
    expect(buttons().length).toBe(shown - 1)
    expect(rows().length).toBe(shown)
    console.log(`roster of ${size}, one manual check-in: ${sizes.length} setData, largest ${Math.max(...sizes)} B`)
    expect(sizes.length).toBeGreaterThan(0)
    expect(Math.max(...sizes)).toBeLessThanOrEqual(2 * 1024)
  }, 60_000)

  test(`${size} rows read 50 a page: no setData over 32 KB, the last page re-sends neither the table nor the list`, async () => {
    answerCloud((_name, data) => {
      if (data.action === 'detail') return { ok: true, data: detail }
      const from = data.offset as number
      const items = Array.from({ length: Math.min(50, size - from) }, (_, i) => entryAt(from + i))
      return { ok: true, data: { items, hasMore: from + items.length < size, activity, confirmedCount: size, manage } }
    })
    const screen = renderScreen('screens/activity/RosterScreen', { activityId: 'act-1' })
    const sizes = measureSetData(screen)
    await settle()
    for (let page = 1; page < size / 50; page++) {
      screen.querySelector('.act-more')!.dispatchEvent('tap')
      await settle()
    }
    expect(screen.querySelector('.act-end')).toBeTruthy()
    expect(screen.querySelectorAll('.dt .wl__block').length).toBe(size / 5)
    console.log(`roster of ${size} by pages: ${sizes.length} setData, largest ${Math.max(...sizes)} B, last ${sizes.at(-1)} B`)
    expect(Math.max(...sizes)).toBeLessThanOrEqual(MAX_SET_DATA_BYTES)
    expect(sizes.at(-1)!).toBeLessThanOrEqual(4 * 1024)
  }, 60_000)

  test(`${size} rows: under 1 000 nodes, every row in the list, no setData over 32 KB`, async () => {
    const { screen, sizes } = await renderRoster()
    const count = nodes(screen)
    const rendered = screen.querySelectorAll('.act-roster__entry').length
    console.log(`roster of ${size}: ${count} nodes, ${rendered} rows rendered; largest setData ${Math.max(...sizes)} B`)
    expect(count).toBeLessThan(MAX_NODES)
    expect(rendered).toBeGreaterThanOrEqual(5)
    expect(Math.max(...sizes)).toBeLessThanOrEqual(MAX_SET_DATA_BYTES)
    expect(screen.querySelectorAll('.dt .wl__block').length).toBe(size / 5)
  }, 60_000)
})
