import { Fragment, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import Taro, { usePageScroll } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { blockRange, chunk, type Span } from './window'
import './index.scss'

export interface WindowedListProps<T> {
  items: T[]
  itemKey: (item: T) => string
  render: (item: T) => ReactNode
  /** Rows per block: a block is rendered whole or stands in as one empty node of its height. */
  blockSize?: number
  /** A row's height (px) before any block was measured. */
  estimatedRowHeight: number
  className?: string
}

let lists = 0

const windowHeight = () => {
  const info = typeof Taro.getWindowInfo === 'function' ? Taro.getWindowInfo() : Taro.getSystemInfoSync()
  return info?.windowHeight || 667
}

/**
 * A long list that follows the page's own scroll (so pull-down refresh and reach-bottom paging stay
 * the page's) and renders only the blocks of rows near the screen; every other block is one empty
 * node of its measured height, so the page keeps the same length and scroll position. Blocks keep
 * their place as rows are added, so a new page appends its rows and a changed row re-sends only itself.
 * (Not Taro's VirtualList: it scrolls inside its own fixed-height ScrollView, which would take the
 * page's pull-down refresh and reach-bottom paging away, and wants row heights up front, while cards
 * and roster rows grow with their text; here heights are measured once a block has been shown.)
 */
export default function WindowedList<T>({
  items,
  itemKey,
  render,
  blockSize = 10,
  estimatedRowHeight,
  className = '',
}: WindowedListProps<T>) {
  const id = useMemo(() => `wl${++lists}`, [])
  const blocks = useMemo(() => chunk(items, blockSize), [items, blockSize])
  // Heights of blocks once seen, by the keys they hold (a block holding other rows is measured again).
  const measured = useRef(new Map<string, number>())
  const signature = (block: T[]) => block.map(itemKey).join('|')
  const view = useRef({ scrollTop: 0, listTop: 0, height: windowHeight() })
  const [span, setSpan] = useState<Span>({ first: 0, last: 0 })

  const heights = () => {
    const known = [...measured.current.values()]
    const perRow = known.length ? known.reduce((sum, h) => sum + h, 0) / (known.length * blockSize) : estimatedRowHeight
    return blocks.map((block) => measured.current.get(signature(block)) ?? perRow * block.length)
  }
  const place = () => {
    const { scrollTop, listTop, height } = view.current
    const next = blockRange(heights(), scrollTop - listTop, height)
    setSpan((current) => (current.first === next.first && current.last === next.last ? current : next))
  }

  usePageScroll(({ scrollTop }) => {
    view.current.scrollTop = scrollTop
    place()
  })

  // After rendering, measure the blocks on screen and where the list starts on the page.
  useEffect(() => {
    place()
    Taro.nextTick(() => {
      const query = Taro.createSelectorQuery()
      const listNode = query.select(`#${id}`)
      const shownNodes = query.selectAll(`.${id}-shown`)
      // A host without layout (the screen tests' simulator) selects nothing: the estimates stand.
      if (!listNode || !shownNodes) return
      listNode.boundingClientRect()
      shownNodes.boundingClientRect()
      query.exec((result) => {
        const [list, shown] = (result ?? []) as [{ top: number } | null, { id: string; height: number }[] | null]
        if (!list || !shown) return
        view.current.listTop = list.top + view.current.scrollTop
        for (const rect of shown) {
          const block = blocks[Number(rect.id.slice(id.length + 1))]
          if (block && rect.height > 0) measured.current.set(signature(block), rect.height)
        }
        place()
      })
    })
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [blocks, span])

  const all = heights()
  return (
    <View id={id} className={`wl ${className}`}>
      {blocks.map((block, index) =>
        index >= span.first && index <= span.last ? (
          <View key={index} id={`${id}-${index}`} className={`wl__block ${id}-shown`}>
            {block.map((item) => (
              <Fragment key={itemKey(item)}>{render(item)}</Fragment>
            ))}
          </View>
        ) : (
          <View key={index} className='wl__block' style={{ height: `${Math.round(all[index])}px` }} />
        ),
      )}
    </View>
  )
}
