import { useState, type ComponentType } from 'react'
import Taro from '@tarojs/taro'
import { Image, Text, View } from '@tarojs/components'
import Transit from '@nutui/icons-react-taro/dist/es/icons/Transit.js'
import Gardener from '@nutui/icons-react-taro/dist/es/icons/Gardener.js'
import Heart from '@nutui/icons-react-taro/dist/es/icons/Heart.js'
import Star from '@nutui/icons-react-taro/dist/es/icons/Star.js'
import Health from '@nutui/icons-react-taro/dist/es/icons/Health.js'
import Service from '@nutui/icons-react-taro/dist/es/icons/Service.js'
import Gift from '@nutui/icons-react-taro/dist/es/icons/Gift.js'
import Articles from '@nutui/icons-react-taro/dist/es/icons/Articles.js'
import HeartF from '@nutui/icons-react-taro/dist/es/icons/HeartF.js'
import Category from '@nutui/icons-react-taro/dist/es/icons/Category.js'
import Photograph from '@nutui/icons-react-taro/dist/es/icons/Photograph.js'
import type { MediaKind } from '@domain/media'
import { Icon, type NutIconProps } from '../Icon'
import { chooseImage, fileUrl, uploadImage, type ChosenImage } from '../../services/files'
import { errorText } from '../../services/cloud'
import './index.scss'

/**
 * Each category's default cover is drawn, not stored: a gradient and an icon of the set (no picture
 * files, so no package bytes).
 */
const CATEGORY_COVERS: Record<string, { icon: ComponentType<NutIconProps>; tone: number }> = {
  文明交通: { icon: Transit, tone: 1 },
  环保: { icon: Gardener, tone: 2 },
  关爱帮扶: { icon: Heart, tone: 3 },
  劳模宣讲: { icon: Star, tone: 4 },
  心理健康: { icon: Health, tone: 5 },
  春送岗位: { icon: Service, tone: 2 },
  夏送清凉: { icon: Gift, tone: 6 },
  金秋助学: { icon: Articles, tone: 4 },
  冬送温暖: { icon: HeartF, tone: 3 },
}

/** An activity's cover: the organizer's picture, or its category's drawn default. */
export function ActivityCover({
  category,
  url,
  variant,
}: {
  category: string
  url?: string | null
  /** across the top of a card (padding $space-md): a band in lists, a banner on the detail page */
  variant: 'card' | 'banner'
}) {
  const [broken, setBroken] = useState(false)
  if (url && !broken) {
    return (
      <Image
        className={`cover cover--${variant} cover--picture`}
        src={fileUrl(url)}
        mode='aspectFill'
        lazyLoad
        aria-label={`${category}活动封面`}
        onError={() => setBroken(true)}
      />
    )
  }
  const drawn = CATEGORY_COVERS[category] ?? { icon: Category, tone: 1 }
  return (
    <View className={`cover cover--${variant} cover--tone-${drawn.tone}`}>
      <Icon of={drawn.icon} label={`${category}默认封面`} size={variant === 'banner' ? 48 : 32} color='#ffffff' />
    </View>
  )
}

/** A counselor's photo, or their name's first character on the counseling teal. */
export function CounselorPhoto({ name, url, variant }: { name: string; url?: string | null; variant: 'lead' | 'large' }) {
  const [broken, setBroken] = useState(false)
  if (url && !broken) {
    return (
      <Image
        className={`photo photo--${variant}`}
        src={fileUrl(url)}
        mode='aspectFill'
        lazyLoad
        aria-label={`${name}的照片`}
        onError={() => setBroken(true)}
      />
    )
  }
  return (
    <View className={`photo photo--${variant} photo--initial`} aria-role='img' role='img' aria-label={`${name}的头像`}>
      <Text className='photo__initial'>{name.slice(0, 1) || '?'}</Text>
    </View>
  )
}

/**
 * Picks, compresses and uploads a picture (album or camera); shows it at once from the phone and
 * hands the fileID on. The action that saves it checks it again.
 */
export function PicturePicker({
  kind,
  preview,
  onChange,
  children,
}: {
  kind: MediaKind
  /** what is shown now: the stored picture's link */
  preview?: string | null
  onChange: (fileID: string, preview: string) => void
  /** shown when there is no picture (the default cover or photo) */
  children: React.ReactNode
}) {
  const [busy, setBusy] = useState(false)
  const [local, setLocal] = useState<string>()
  const pick = async () => {
    if (busy) return
    const refuse = (error: unknown) => Taro.showModal({ title: '图片未能上传', content: errorText(error), showCancel: false })
    let image: ChosenImage | null
    try {
      image = await chooseImage()
    } catch (error) {
      return refuse(error)
    }
    if (!image) return
    setBusy(true)
    Taro.showLoading({ title: '正在上传' })
    try {
      const fileID = await uploadImage(kind, image)
      setLocal(image.preview)
      onChange(fileID, image.preview)
    } catch (error) {
      Taro.hideLoading()
      return refuse(error)
    } finally {
      setBusy(false)
    }
    Taro.hideLoading()
  }
  const shown = local ?? (preview ? fileUrl(preview) : null)
  return (
    <View className={`picture-picker picture-picker--${kind}`}>
      {shown ? (
        <Image className={`picture-picker__image picture-picker__image--${kind}`} src={shown} mode='aspectFill' aria-label='已选图片' />
      ) : (
        children
      )}
      <View className='picture-picker__button' onClick={pick} aria-role='button' role='button'>
        <Icon of={Photograph} label='' size={18} />
        <Text>{busy ? '正在上传…' : shown ? '更换图片' : kind === 'covers' ? '选择封面' : '上传照片'}</Text>
      </View>
      <Text className='picture-picker__hint'>JPG / PNG，自动压缩，不超过 2 MB</Text>
    </View>
  )
}
