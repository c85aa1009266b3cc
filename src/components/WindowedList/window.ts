/** Which blocks of a windowed list are rendered: a pure rule, so it is tested without a screen. */

export interface Span {
  first: number
  last: number
}

export function chunk<T>(items: T[], size: number): T[][] {
  const blocks: T[][] = []
  for (let i = 0; i < items.length; i += size) blocks.push(items.slice(i, i + size))
  return blocks
}

/**
 * The blocks that meet the screen, half a screen above and below included (so a fling shows rows,
 * not gaps): `heights` of the blocks in order, `offset` how far the page is scrolled past the list's
 * top (negative while the list starts below the screen's top), `screen` the window's height.
 */
export function blockRange(heights: number[], offset: number, screen: number): Span {
  const from = offset - screen / 2
  const to = offset + screen * 1.5
  let first = -1
  let last = -1
  let top = 0
  heights.forEach((height, index) => {
    const bottom = top + height
    if (bottom > from && top < to) {
      if (first < 0) first = index
      last = index
    }
    top = bottom
  })
  // Scrolled past every block (the list is short or the page is below it): keep the last one.
  if (first < 0) return heights.length && from >= top ? { first: heights.length - 1, last: heights.length - 1 } : { first: 0, last: 0 }
  return { first, last }
}
