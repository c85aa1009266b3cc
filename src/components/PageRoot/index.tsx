import { useEffect, useState, type CSSProperties, type ReactNode } from 'react'
import { useDidShow } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { careModeOn, displayVariables, onDisplayChange } from '../../services/display'
import './index.scss'

/**
 * Every page's outermost node: carries the display variables (关怀模式, WeChat's font size) that the
 * design tokens read, so they reach every screen on weapp — whose `page` node a component cannot
 * style — and H5 alike.
 */
export default function PageRoot({ children }: { children: ReactNode }) {
  const [care, setCare] = useState(careModeOn)
  useEffect(() => onDisplayChange(() => setCare(careModeOn())), [])
  // Switched on another page (我的 → 设置) while this one waited underneath.
  useDidShow(() => setCare(careModeOn()))
  return (
    <View className={`page-root ${care ? 'page-root--care' : ''}`} style={displayVariables(care) as CSSProperties}>
      {children}
    </View>
  )
}
