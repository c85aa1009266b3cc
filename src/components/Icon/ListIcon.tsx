import { View } from '@tarojs/components'
import './list-icon.scss'

/**
 * The icons drawn by class: scripts/icon-masks.mjs makes masks/<name>.scss from NutUI's set, and the
 * component that draws one imports its mask (`import '../Icon/masks/clock.scss'`), so pictures used
 * only in subpackages stay out of the main package.
 */
export type ListIconName =
  | 'clock'
  | 'location'
  | 'user'
  | 'success'
  | 'failure'
  | 'tips'
  | 'edit'
  | 'chevron'
  | 'transit'
  | 'gardener'
  | 'heart'
  | 'star'
  | 'health'
  | 'service'
  | 'gift'
  | 'articles'
  | 'heart-f'
  | 'category'

/**
 * A NutUI icon for what repeats down a list (card lines, status badges, chevrons): drawn by a
 * stylesheet class, so a row carries a class name, not the 1.6 KB picture NutUI's component inlines
 * in every icon (which would ride in every setData). `label` names it for screen readers, or empty
 * beside words that already say it.
 */
export function ListIcon({
  name,
  label,
  size = 16,
  className = '',
}: {
  name: ListIconName
  label: string
  size?: number
  className?: string
}) {
  return (
    <View
      className={`app-mask app-mask--${name} ${className}`}
      style={{ width: `${size}px`, height: `${size}px` }}
      aria-role='img'
      role='img'
      aria-label={label || undefined}
      aria-hidden={label ? undefined : 'true'}
    />
  )
}
