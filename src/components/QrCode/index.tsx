import { useMemo } from 'react'
import Taro from '@tarojs/taro'
import { Image, Text, View } from '@tarojs/components'
import { encodeQr } from './qr'
import { qrPngDataUrl } from './png'
import './index.scss'

/**
 * A QR code drawn in the app (no network, no canvas), with its text — or a shorter `caption` that
 * stands for it — below for typing by hand. `size` is in design px (750 wide), like the stylesheets.
 */
export default function QrCode({ text, caption = text, size = 480 }: { text: string; caption?: string; size?: number }) {
  const src = useMemo(() => qrPngDataUrl(encodeQr(text)), [text])
  return (
    <View className='qr'>
      <Image className='qr__image' src={src} style={{ width: Taro.pxTransform(size), height: Taro.pxTransform(size) }} />
      <Text className='qr__text' selectable>
        {caption}
      </Text>
    </View>
  )
}
