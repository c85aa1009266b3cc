import { Text, View } from '@tarojs/components'
import { ListIcon, type ListIconName } from '../Icon/ListIcon'
import '../Icon/masks/clock.scss'
import '../Icon/masks/edit.scss'
import '../Icon/masks/failure.scss'
import '../Icon/masks/location.scss'
import '../Icon/masks/success.scss'
import '../Icon/masks/tips.scss'
import '../Icon/masks/user.scss'
import './index.scss'

/** Each status the app shows (activity, signup, booking) → the icon that says how it stands. */
const GLYPHS: Record<string, ListIconName> = {
  draft: 'edit',
  open: 'user',
  full: 'clock',
  closed: 'clock',
  ongoing: 'tips',
  ended: 'success',
  cancelled: 'failure',
  signedUp: 'success',
  waitlisted: 'clock',
  pending: 'clock',
  checkedIn: 'location',
  checkedOut: 'success',
  confirmed: 'success',
  completed: 'success',
  declined: 'failure',
  no_show: 'failure',
  urgent: 'tips',
}

/**
 * A status badge (已报名, 候补第 2 位, 已签到, 已确认 …): an icon for its kind and its words. The
 * icon is decorative — the words say the status — so screen readers read the words once.
 */
export default function StatusBadge({ status, label, className = '' }: { status: string; label: string; className?: string }) {
  return (
    <View className={`status-badge ${className}`}>
      <ListIcon name={GLYPHS[status] ?? 'tips'} label='' size={12} className='status-badge__icon' />
      <Text>{label}</Text>
    </View>
  )
}
