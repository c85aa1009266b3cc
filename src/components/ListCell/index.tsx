import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import { ListIcon } from '../Icon/ListIcon'
import '../Icon/masks/chevron.scss'
import './index.scss'

/**
 * A list cell or card that opens something: its content, then a chevron at the end (WeUI's cell
 * with an arrow). The chevron is decorative — the whole cell is the button. `media` (a card's cover)
 * spans the whole card above the content and its chevron.
 */
export default function ListCell({
  className,
  onClick,
  media,
  children,
}: {
  className: string
  onClick: () => void
  media?: ReactNode
  children: ReactNode
}) {
  const row = (
    <>
      <View className='list-cell__body'>{children}</View>
      <ListIcon name='chevron' label='' size={14} className='list-cell__chevron' />
    </>
  )
  return (
    <View className={`list-cell ${media ? 'list-cell--media' : ''} ${className}`} onClick={onClick} aria-role='button' role='button'>
      {media ? (
        <>
          {media}
          <View className='list-cell__row'>{row}</View>
        </>
      ) : (
        row
      )}
    </View>
  )
}
