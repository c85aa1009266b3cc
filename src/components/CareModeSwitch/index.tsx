import { useState } from 'react'
import { Switch } from '@tarojs/components'
import { careModeOn, setCareMode } from '../../services/display'

export { default as CareModeIcon } from '@nutui/icons-react-taro/dist/es/icons/Zoom.js'

/** 我的 → 设置: 关怀模式 on or off; every page follows at once (src/components/PageRoot). */
export default function CareModeSwitch() {
  const [on, setOn] = useState(careModeOn)
  return (
    <Switch
      className='me__switch care-mode-switch'
      checked={on}
      color='#07a35a'
      aria-label='关怀模式'
      onChange={(event) => {
        setOn(event.detail.value)
        setCareMode(event.detail.value)
      }}
    />
  )
}
