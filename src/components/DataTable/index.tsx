import { useMemo, useState, type ReactNode } from 'react'
import { Input, Text, View } from '@tarojs/components'
import WindowedList from '../WindowedList'
import './index.scss'

export interface Column<T> {
  key: string
  title: string
  render: (row: T) => ReactNode
  /** Given: the column sorts (tap its title). */
  sortValue?: (row: T) => string | number
  /** Relative width on wide screens: 1 (default), 2 or 3. */
  width?: 1 | 2 | 3
}

export interface DataTableProps<T> {
  columns: Column<T>[]
  rows: T[]
  rowKey: (row: T) => string
  /** Given: a search box filters rows whose text contains what is typed. */
  searchText?: (row: T) => string
  searchPlaceholder?: string
  /** Given: rows it accepts get a checkbox, for bulk actions. */
  selectable?: (row: T) => boolean
  selected?: Set<string>
  onSelectedChange?: (selected: Set<string>) => void
  /** Buttons of a row (last column on wide screens). */
  actions?: (row: T) => ReactNode
  empty?: string
  /** Extra class of every row (a screen's own name for its rows). */
  rowClassName?: string
}

/** A card row's line on phones (before a row is measured). */
const ROW_LINE_PX = 28

type Sort = { key: string; descending: boolean } | null

function compare(a: string | number, b: string | number): number {
  return typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b), 'zh-Hans-CN', { numeric: true })
}

/**
 * A table that uses the width of PC WeChat and tablets (≥ 1024 px: one line per row, sortable column
 * titles, a search box, checkboxes for bulk actions) and becomes a list of cards on phones, each cell
 * with its title; the titles stay as sort buttons above the list.
 */
export default function DataTable<T>(props: DataTableProps<T>) {
  const { columns, rows, rowKey, searchText, selectable, selected, onSelectedChange, actions } = props
  const [sort, setSort] = useState<Sort>(null)
  const [query, setQuery] = useState('')

  const shown = useMemo(() => {
    const words = query.trim().toLowerCase()
    const filtered = words && searchText ? rows.filter((row) => searchText(row).toLowerCase().includes(words)) : rows
    const column = sort && columns.find((c) => c.key === sort.key)
    if (!column?.sortValue) return filtered
    const value = column.sortValue
    const sorted = [...filtered].sort((a, b) => compare(value(a), value(b)))
    return sort!.descending ? sorted.reverse() : sorted
  }, [rows, columns, sort, query, searchText])

  const selectableRows = selectable ? shown.filter(selectable) : []
  const allSelected = selectableRows.length > 0 && selectableRows.every((row) => selected?.has(rowKey(row)))
  const toggle = (key: string) => {
    const next = new Set(selected)
    if (next.has(key)) next.delete(key)
    else next.add(key)
    onSelectedChange?.(next)
  }
  const toggleAll = () => onSelectedChange?.(allSelected ? new Set() : new Set(selectableRows.map(rowKey)))
  const pressSort = (key: string) =>
    setSort((current) => (current?.key !== key ? { key, descending: false } : current.descending ? null : { key, descending: true }))

  return (
    <View className='dt'>
      {searchText && (
        <Input
          className='dt__search'
          value={query}
          placeholder={props.searchPlaceholder ?? '搜索'}
          onInput={(event) => setQuery(event.detail.value)}
        />
      )}
      <View className='dt__head'>
        {selectable && (
          <View className={`dt__check ${allSelected ? 'dt__check--on' : ''}`} onClick={toggleAll}>
            <Text className='dt__check-label'>全选</Text>
          </View>
        )}
        {columns.map((column) => (
          <View
            key={column.key}
            className={`dt__title dt__cell--w${column.width ?? 1} ${column.sortValue ? 'dt__title--sortable' : ''}`}
            onClick={column.sortValue ? () => pressSort(column.key) : undefined}
          >
            <Text>{column.title}</Text>
            {sort?.key === column.key && <Text className='dt__arrow'>{sort.descending ? '↓' : '↑'}</Text>}
          </View>
        ))}
        {actions && <View className='dt__title dt__title--actions dt__cell--w2'>操作</View>}
      </View>
      {shown.length === 0 && <Text className='dt__empty'>{query ? '没有符合条件的记录' : (props.empty ?? '暂无记录')}</Text>}
      {/* Rows near the screen only: a roster of 1 000 stays under WeChat's node limit. */}
      <WindowedList
        items={shown}
        itemKey={rowKey}
        blockSize={5}
        estimatedRowHeight={ROW_LINE_PX * (columns.length + 2)}
        render={(row) => {
          const key = rowKey(row)
          const canSelect = selectable?.(row) ?? false
          const on = selected?.has(key) ?? false
          return (
            <View className={`dt__row ${props.rowClassName ?? ''} ${on ? 'dt__row--selected' : ''}`}>
              {selectable && (
                <View
                  className={`dt__check ${on ? 'dt__check--on' : ''} ${canSelect ? '' : 'dt__check--off'}`}
                  onClick={canSelect ? () => toggle(key) : undefined}
                >
                  <Text className='dt__check-label'>选择</Text>
                </View>
              )}
              {columns.map((column) => (
                <View key={column.key} className={`dt__cell dt__cell--w${column.width ?? 1}`}>
                  <Text className='dt__label'>{column.title}</Text>
                  <View className='dt__value'>{column.render(row)}</View>
                </View>
              ))}
              {actions && <View className='dt__cell dt__cell--w2 dt__actions'>{actions(row)}</View>}
            </View>
          )
        }}
      />
    </View>
  )
}
