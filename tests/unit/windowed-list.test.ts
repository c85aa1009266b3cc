/** Which blocks of a long list are rendered as the page scrolls (src/components/WindowedList). */
import { blockRange, chunk } from '../../src/components/WindowedList/window'

const screen = 600
const heights = Array.from({ length: 20 }, () => 500) // 20 blocks of 500 px

test('at the top: the blocks on screen and half a screen below', () => {
  expect(blockRange(heights, 0, screen)).toEqual({ first: 0, last: 1 })
})

test('scrolled into the middle: the blocks meeting the screen, half a screen either side', () => {
  // Screen shows 5000..5600; with the margins 4700..5900 → blocks 9 (4500–5000), 10, 11 (5500–6000).
  expect(blockRange(heights, 5000, screen)).toEqual({ first: 9, last: 11 })
})

test('the list still below the screen: its first block', () => {
  expect(blockRange(heights, -2000, screen)).toEqual({ first: 0, last: 0 })
})

test('scrolled past the list: its last block stays', () => {
  expect(blockRange(heights, 20000, screen)).toEqual({ first: 19, last: 19 })
})

test('measured heights count: a tall block before the screen moves the window', () => {
  const mixed = [2000, ...heights.slice(1)]
  expect(blockRange(mixed, 2000, screen)).toEqual({ first: 0, last: 2 })
})

test('chunk keeps order and the short last block', () => {
  expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]])
  expect(chunk([], 3)).toEqual([])
})
