/**
 * Long lists stay light (issue 13): with 200 activities loaded page by page and rosters of 300 and
 * 1 000, no single setData is over 32 KB (each page appends its cards; the end of the list re-sends
 * only the footer) and the page keeps under 1 000 nodes (only the blocks of rows near the screen are
 * rendered; the others stand in as one empty node each). The setData sizes are measured by wrapping
 * the component's setData; the measured numbers are printed.
 */
import { activityListPage, rosterOf } from '../support/long-list-fixtures'
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

/** The activity list after loading 200 activities page by page, with every setData it made. */
async function loadTwoHundred() {
  const TOTAL = 200
  answerCloud((_name, data) => activityListPage(data.offset, data.pageSize, TOTAL))
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
  const { detail, checkedIn, rosterPage } = rosterOf(size)

  async function renderRoster() {
    answerCloud((_name, data) => {
      if (data.action === 'detail') return { ok: true, data: detail }
      if (data.action === 'roster') return { ok: true, data: rosterPage(0, size) }
      if (data.action === 'manualCheckin') return { ok: true, data: checkedIn(3) }
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
      return { ok: true, data: rosterPage(data.offset as number, 50) }
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
