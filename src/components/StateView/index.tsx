import type { ReactNode } from 'react'
import { Button, Text, View } from '@tarojs/components'
import Order from '@nutui/icons-react-taro/dist/es/icons/Order.js'
import NetworkError from '@nutui/icons-react-taro/dist/es/icons/NetworkError.js'
import { Icon } from '../Icon'
import './index.scss'

export function Loading({ text = '加载中…' }: { text?: string }) {
  return (
    <View className='state state--loading'>
      <View className='state__spinner' />
      <Text className='state__text'>{text}</Text>
    </View>
  )
}

export function Empty({ title, hint, action }: { title: string; hint?: string; action?: ReactNode }) {
  return (
    <View className='state state--empty'>
      <Icon of={Order} label='空空如也' size={48} className='state__picture' />
      <Text className='state__title'>{title}</Text>
      {hint && <Text className='state__text'>{hint}</Text>}
      {action}
    </View>
  )
}

export function ErrorState({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <View className='state state--error'>
      <Icon of={NetworkError} label='出错' size={48} className='state__picture' />
      <Text className='state__title'>出错了</Text>
      <Text className='state__text'>{message}</Text>
      {onRetry && (
        <Button className='state__retry' size='mini' onClick={onRetry}>
          重试
        </Button>
      )}
    </View>
  )
}
