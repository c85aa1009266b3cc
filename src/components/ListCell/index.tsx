import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import { ListIcon } from '../Icon/ListIcon'
import '../Icon/masks/chevron.scss'
import './index.scss'

/**
 * A list cell or card that opens something: its content, then a chevron at the end (WeUI's cell
 * with an arrow). The chevron is decorative — the whole cell is the button.
 */
export default function ListCell({ className, onClick, children }: { className: string; onClick: () => void; children: ReactNode }) {
  return (
    <View className={`list-cell ${className}`} onClick={onClick} aria-role='button' role='button'>
      <View className='list-cell__body'>{children}</View>
      <ListIcon name='chevron' label='' size={14} className='list-cell__chevron' />
    </View>
  )
}
