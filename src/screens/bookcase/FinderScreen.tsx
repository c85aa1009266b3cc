import { useCallback, useEffect, useState } from 'react'
import Taro, { useReachBottom } from '@tarojs/taro'
import { Button, Map, Text, View } from '@tarojs/components'
import Store from '@nutui/icons-react-taro/dist/es/icons/Store.js'
import Success from '@nutui/icons-react-taro/dist/es/icons/Success.js'
import Warning from '@nutui/icons-react-taro/dist/es/icons/Warning.js'
import LocationIcon from '@nutui/icons-react-taro/dist/es/icons/Location.js'
import { formatDistance } from '@domain/geo'
import type { Answer } from '../../../functions/contract'
import { Chevron, Icon } from '../../components/Icon'
import PrivacyPopup from '../../components/PrivacyPopup'
import { Empty, ErrorState, Loading } from '../../components/StateView'
import { usePaged } from '../../hooks/usePaged'
import { cloud } from '../../services/cloud'
import { locate, type Whereabouts } from '../../services/location'
import BookSearch from './BookSearch'
import './finder.scss'

type Cabinet = Answer<'bookcase', 'cabinets'>['items'][number]

const CABINET_PAGE = '/packages/bookcase/pages/cabinet/index'
const MARKER_ICON = '/packages/bookcase/assets/cabinet-marker.png'
/** WeChat's map component; the H5 app has none (the list serves alone there). */
const HAS_MAP = process.env.TARO_ENV === 'weapp'

const openCabinet = (cabinetId: string) => Taro.navigateTo({ url: `${CABINET_PAGE}?cabinetId=${cabinetId}` })

/** Why the list has no distances, and how to get them. */
function LocationNotice({ where, onRetry }: { where: Exclude<Whereabouts, { status: 'located' }>; onRetry: () => void }) {
  // A refusal in WeChat's own prompt is only undone in the settings page it opens (on a tap).
  const viaSettings = HAS_MAP && where.status === 'refused' && where.by === 'permission'
  return (
    <View className='finder__notice'>
      <Text className='finder__notice-text'>
        {where.status === 'refused'
          ? '未开启定位，书柜按名称排列。开启后按距离由近到远排列。'
          : '暂时无法获取位置，书柜按名称排列。请确认手机已打开定位服务，并允许微信使用定位。'}
      </Text>
      <Button
        className='finder__locate'
        openType={viaSettings ? 'openSetting' : undefined}
        onOpenSetting={(event) => event.detail.authSetting['scope.userLocation'] && onRetry()}
        onClick={viaSettings ? undefined : onRetry}
      >
        <Icon of={LocationIcon} label='' size={16} />
        开启定位
      </Button>
    </View>
  )
}

function CabinetCell({ cabinet }: { cabinet: Cabinet }) {
  return (
    <View className='finder__cell' onClick={() => openCabinet(cabinet.cabinetId)}>
      <Icon of={Store} label='' size={24} className='finder__cell-icon' />
      <View className='finder__cell-body'>
        <View className='finder__title'>
          <Text className='finder__name'>{cabinet.name}</Text>
          {cabinet.distance !== null && <Text className='finder__distance'>{formatDistance(cabinet.distance)}</Text>}
        </View>
        <Text className='finder__place'>{cabinet.place}</Text>
        <View className='finder__facts'>
          <View className={`finder__state finder__state--${cabinet.online ? 'on' : 'off'}`}>
            <Icon of={cabinet.online ? Success : Warning} label='' size={14} />
            <Text>{cabinet.online ? '在线' : '离线'}</Text>
          </View>
          <Text className='finder__books'>{cabinet.available > 0 ? `可借 ${cabinet.available} 本` : '暂无可借图书'}</Text>
        </View>
      </View>
      <Icon of={Chevron} label='进入书柜' size={14} className='finder__chevron' />
    </View>
  )
}

/** WeChat only: the listed cabinets as markers around the worker; a marker's bubble opens the cabinet. */
function CabinetMap({ cabinets, where }: { cabinets: Cabinet[]; where: Whereabouts }) {
  const placed = cabinets.filter((cabinet) => cabinet.position)
  const centre = where.status === 'located' ? where.position : placed[0]?.position
  if (!centre) return <Empty title='书柜还没有标注位置' hint='请在列表中查看' />
  const markers = placed.map((cabinet, index) => ({
    id: index,
    latitude: cabinet.position!.latitude,
    longitude: cabinet.position!.longitude,
    iconPath: MARKER_ICON,
    width: 32,
    height: 32,
    callout: {
      content: `${cabinet.name}${cabinet.online ? '' : '（离线）'} · 可借 ${cabinet.available} 本`,
      color: '#1a1a1a',
      fontSize: 14,
      borderRadius: 8,
      bgColor: '#ffffff',
      padding: 8,
      display: 'ALWAYS' as const,
      anchorX: 0,
      anchorY: 0,
      borderWidth: 0,
      borderColor: '#ffffff',
      textAlign: 'center' as const,
    },
  }))
  const open = (markerId: number) => {
    const cabinet = placed[markerId]
    if (cabinet) openCabinet(cabinet.cabinetId)
  }
  return (
    <Map
      className='finder__map'
      latitude={centre.latitude}
      longitude={centre.longitude}
      scale={13}
      showLocation={where.status === 'located'}
      markers={markers}
      // The worker and the three nearest cabinets in view.
      includePoints={[...(where.status === 'located' ? [where.position] : []), ...placed.slice(0, 3).map((c) => c.position!)]}
      onCalloutTap={(event) => open(Number(event.detail.markerId))}
      onMarkerTap={(event) => open(Number(event.detail.markerId))}
      onError={() => undefined}
    />
  )
}

function CabinetList({ where, onRetry }: { where: Whereabouts; onRetry: () => void }) {
  const position = where.status === 'located' ? where.position : undefined
  const list = usePaged<Cabinet>(
    (offset) => cloud.bookcase.cabinets({ ...(position ? { position } : {}), offset, pageSize: 20 }),
    [position?.latitude, position?.longitude],
  )
  const [view, setView] = useState<'list' | 'map'>('list')
  useReachBottom(() => list.loadMore())
  return (
    <>
      {where.status !== 'located' && <LocationNotice where={where} onRetry={onRetry} />}
      {where.status === 'located' && where.demo && <Text className='finder__demo'>本地演示：浏览器未提供位置，以五四广场为当前位置</Text>}
      {HAS_MAP && (
        <View className='finder__tabs' aria-role='tablist'>
          {(['list', 'map'] as const).map((tab) => (
            <Text
              key={tab}
              className={`finder__tab ${view === tab ? 'finder__tab--current' : ''}`}
              aria-role='tab'
              aria-selected={view === tab}
              onClick={() => setView(tab)}
            >
              {tab === 'list' ? '列表' : '地图'}
            </Text>
          ))}
        </View>
      )}
      {list.status === 'loading' && list.items.length === 0 && <Loading />}
      {list.status === 'error' && list.items.length === 0 && <ErrorState message={list.error} onRetry={list.reload} />}
      {list.status === 'ready' && list.items.length === 0 && <Empty title='还没有职工书柜' />}
      {list.items.length > 0 &&
        (view === 'map' ? (
          <CabinetMap cabinets={list.items} where={where} />
        ) : (
          <View className='finder__list' aria-label='附近书柜'>
            {list.items.map((cabinet) => (
              <CabinetCell key={cabinet.cabinetId} cabinet={cabinet} />
            ))}
          </View>
        ))}
      {view === 'list' && list.hasMore && (
        <Text className='finder__more' onClick={list.loadMore}>
          加载更多书柜
        </Text>
      )}
    </>
  )
}

/**
 * 附近书柜: the cabinets nearest first, each with its online state and the books it has now; tap → the
 * cabinet. The position is asked for only here, after the privacy guide's consent; without it the list
 * is by name, with a way to turn location on. Above it, 找书 finds which cabinet has a title.
 */
export default function FinderScreen() {
  const [where, setWhere] = useState<Whereabouts | null>(null)
  const find = useCallback(() => {
    setWhere(null)
    void locate().then(setWhere)
  }, [])
  useEffect(find, [find])
  return (
    <View className='finder'>
      <BookSearch />
      {where ? <CabinetList where={where} onRetry={find} /> : <Loading text='正在获取您的位置…' />}
      <PrivacyPopup />
    </View>
  )
}
