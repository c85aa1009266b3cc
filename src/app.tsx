import { type PropsWithChildren } from 'react'
import { useLaunch } from '@tarojs/taro'
import { initCloud } from './services/cloud'
import { prefetchSubscriptions } from './services/subscriptions'
import { applyToDocument } from './services/display'
import './app.scss'

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    initCloud()
    applyToDocument()
    prefetchSubscriptions()
  })
  return children
}

export default App
