import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Image, Text, View } from '@tarojs/components'
import Photograph from '@nutui/icons-react-taro/dist/es/icons/Photograph.js'
import type { MediaKind } from '@domain/media'
import { Icon } from '../Icon'
import { ListIcon, type ListIconName } from '../Icon/ListIcon'
import '../Icon/masks/transit.scss'
import '../Icon/masks/gardener.scss'
import '../Icon/masks/heart.scss'
import '../Icon/masks/star.scss'
import '../Icon/masks/health.scss'
import '../Icon/masks/service.scss'
import '../Icon/masks/gift.scss'
import '../Icon/masks/articles.scss'
import '../Icon/masks/heart-f.scss'
import '../Icon/masks/category.scss'
import { chooseImage, fileUrl, uploadImage, type ChosenImage } from '../../services/files'
import { errorText } from '../../services/cloud'
import './index.scss'

/**
 * Each category's default cover is drawn, not stored: a gradient and an icon of the set (no picture
 * files, so no package bytes), the icon drawn by class so a list of covers sends no inline SVGs.
 */
const CATEGORY_COVERS: Record<string, { icon: ListIconName; tone: number }> = {
  文明交通: { icon: 'transit', tone: 1 },
  环保: { icon: 'gardener', tone: 2 },
  关爱帮扶: { icon: 'heart', tone: 3 },
  劳模宣讲: { icon: 'star', tone: 4 },
  心理健康: { icon: 'health', tone: 5 },
  春送岗位: { icon: 'service', tone: 2 },
  夏送清凉: { icon: 'gift', tone: 6 },
  金秋助学: { icon: 'articles', tone: 4 },
  冬送温暖: { icon: 'heart-f', tone: 3 },
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
  const drawn = CATEGORY_COVERS[category] ?? { icon: 'category', tone: 1 }
  return (
    <View className={`cover cover--${variant} cover--tone-${drawn.tone}`}>
      <ListIcon name={drawn.icon} label={`${category}默认封面`} size={variant === 'banner' ? 48 : 32} className='cover__icon' />
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
