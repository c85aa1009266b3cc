import type { ComponentType } from 'react'
import { View } from '@tarojs/components'
import { configure } from '@nutui/icons-react-taro/dist/es/icons/configure.js'
import './index.scss'

// NutUI's icons render as <i> (HTML); the mini-program has no <i>, so they render as a view there.
configure({ tag: process.env.TARO_ENV === 'h5' ? 'i' : 'view' })

export interface NutIconProps {
  size?: string | number
  color?: string
  className?: string
}

/**
 * An icon of NutUI's set (`@nutui/icons-react-taro`, imported per icon so only those used are
 * bundled), named for screen readers: `label` is what it means here ("已报名", "更多"), or empty for
 * an icon beside words that already say it.
 */
export function Icon({
  of: Glyph,
  label,
  size = 20,
  color,
  className = '',
}: {
  of: ComponentType<NutIconProps>
  label: string
  size?: number
  color?: string
  className?: string
}) {
  return (
    // aria-role is the mini-program's name for role; H5 reads role.
    <View
      className={`app-icon ${className}`}
      aria-role='img'
      role='img'
      aria-label={label || undefined}
      aria-hidden={label ? undefined : 'true'}
    >
      <Glyph size={size} color={color} />
    </View>
  )
}

/** The chevron at the end of a list cell that opens something. */
export { default as Chevron } from '@nutui/icons-react-taro/dist/es/icons/ArrowRight.js'
