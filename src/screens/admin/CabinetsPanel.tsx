import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Image, Text, View } from '@tarojs/components'
import { formatDateTimeCn } from '@domain/time'
import DataTable, { type Column } from '../../components/DataTable'
import { ErrorState, Loading } from '../../components/StateView'
import { useCloudData } from '../../hooks/useCloudData'
import type { Answer } from '../../../functions/contract'
import { cloud, errorText } from '../../services/cloud'
import { fileUrl, openExport } from '../../services/files'
import './admin-wide.scss'

type AdminCabinet = Answer<'bookcase', 'adminCabinets'>[number]
type CabinetCode = Answer<'bookcase', 'cabinetCode'>

const booksIn = (cabinet: AdminCabinet) => cabinet.doors.reduce((sum, door) => sum + door.books, 0)
const capacityOf = (cabinet: AdminCabinet) => cabinet.doors.reduce((sum, door) => sum + door.capacity, 0)
const strayIn = (cabinet: AdminCabinet) => cabinet.doors.reduce((sum, door) => sum + door.unknownTags.length, 0)

const columns: Column<AdminCabinet>[] = [
  { key: 'id', title: '编号', render: (c) => <Text>{c.cabinetId}</Text>, sortValue: (c) => c.cabinetId },
  { key: 'name', title: '名称', width: 2, render: (c) => <Text>{c.name}</Text>, sortValue: (c) => c.name },
  { key: 'place', title: '位置', width: 3, render: (c) => <Text>{c.place}</Text> },
  {
    key: 'online',
    title: '状态',
    render: (c) => (
      <Text className={c.online ? 'adm-ok' : 'adm-bad'}>
        {c.online ? '在线' : '离线'}
        {c.lastSeenAt && !c.online ? `（最近 ${formatDateTimeCn(new Date(c.lastSeenAt))}）` : ''}
      </Text>
    ),
    sortValue: (c) => (c.online ? 1 : 0),
  },
  {
    key: 'books',
    title: '在架/容量',
    render: (c) => (
      <Text>
        {booksIn(c)}/{capacityOf(c)}（{c.doors.length} 门）
      </Text>
    ),
    sortValue: booksIn,
  },
  {
    key: 'stray',
    title: '未登记标签',
    render: (c) => <Text className={strayIn(c) ? 'adm-bad' : ''}>{strayIn(c)}</Text>,
    sortValue: strayIn,
  },
]

/** The code to stick on the cabinet and the door labels, ready to print. */
function CodeCard({ code, onClose }: { code: CabinetCode; onClose: () => void }) {
  return (
    <View className='adm-code'>
      <Image className='adm-code__image' src={fileUrl(code.code.url)} mode='aspectFit' showMenuByLongpress />
      <View className='adm-code__info'>
        <Text className='adm-code__title'>
          {code.name}（{code.cabinetId}）
        </Text>
        <Text className='adm-code__hint'>微信扫码打开本书柜页面。图片与柜门标签表已存入云存储，下载链接 10 分钟内有效。</Text>
        <Text className='adm-code__hint'>柜门标签：{code.doors.map((door) => door.label).join('、')}</Text>
        <View className='adm-code__actions'>
          <Button className='adm-button adm-button--primary' size='mini' onClick={() => openExport(code.code)}>
            保存小程序码
          </Button>
          <Button className='adm-button' size='mini' onClick={() => openExport(code.labels)}>
            打印柜门标签（Excel）
          </Button>
          <Button className='adm-button' size='mini' onClick={onClose}>
            关闭
          </Button>
        </View>
      </View>
    </View>
  )
}

/** 书柜管理 → 书柜: every cabinet (sortable, searchable), its fill and state, and its printable code. */
export default function CabinetsPanel() {
  const [state, reload] = useCloudData(() => cloud.bookcase.adminCabinets())
  const [code, setCode] = useState<CabinetCode | null>(null)
  const [making, setMaking] = useState('')
  if (state.status === 'loading') return <Loading />
  if (state.status === 'error') return <ErrorState message={state.message} onRetry={reload} />
  const makeCode = async (cabinetId: string) => {
    setMaking(cabinetId)
    try {
      setCode(await cloud.bookcase.cabinetCode({ cabinetId }))
    } catch (error) {
      Taro.showModal({ title: '未能生成小程序码', content: errorText(error), showCancel: false })
    } finally {
      setMaking('')
    }
  }
  return (
    <View>
      {code && <CodeCard code={code} onClose={() => setCode(null)} />}
      <DataTable
        columns={columns}
        rows={state.data}
        rowKey={(c) => c.cabinetId}
        searchText={(c) => `${c.cabinetId} ${c.name} ${c.place}`}
        searchPlaceholder='搜索书柜编号、名称、位置'
        empty='还没有书柜'
        actions={(c) => (
          <Button className='adm-button adm-code-button' size='mini' disabled={making !== ''} onClick={() => makeCode(c.cabinetId)}>
            {making === c.cabinetId ? '生成中…' : '小程序码'}
          </Button>
        )}
      />
    </View>
  )
}
