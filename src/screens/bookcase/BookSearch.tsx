import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import SearchIcon from '@nutui/icons-react-taro/dist/es/icons/Search.js'
import { Icon, Chevron } from '../../components/Icon'
import type { Answer } from '../../../functions/contract'
import { cloud, errorText } from '../../services/cloud'
import './bookcase.scss'

const CABINET_PAGE = '/packages/bookcase/pages/cabinet/index'

type BookCopy = Answer<'bookcase', 'searchBooks'>['items'][number]
type State =
  { status: 'idle' } | { status: 'working' } | { status: 'ready'; query: string; items: BookCopy[] } | { status: 'error'; message: string }

/** 找书: a title's words → every copy on a shelf now, with the cabinet and door; tap → that cabinet. */
export default function BookSearch() {
  const [state, setState] = useState<State>({ status: 'idle' })
  const search = (query: string) => {
    if (!query.trim()) return setState({ status: 'idle' })
    setState({ status: 'working' })
    cloud.bookcase.searchBooks({ q: query.trim() }).then(
      ({ items }) => setState({ status: 'ready', query: query.trim(), items }),
      (error) => setState({ status: 'error', message: errorText(error) }),
    )
  }
  return (
    <View className='bookcase__search'>
      <View className='bookcase__search-bar'>
        <Icon of={SearchIcon} label='' size={16} />
        <Input
          className='bookcase__search-input'
          confirmType='search'
          placeholder='按书名找书（所有书柜）'
          maxlength={50}
          onConfirm={(event) => search(event.detail.value)}
        />
      </View>
      {state.status === 'working' && <Text className='bookcase__hint'>正在查找…</Text>}
      {state.status === 'error' && <Text className='bookcase__offline'>{state.message}</Text>}
      {state.status === 'ready' && state.items.length === 0 && (
        <Text className='bookcase__hint'>没有找到在架的《{state.query}》，换个词试试</Text>
      )}
      {state.status === 'ready' &&
        state.items.map((copy) => (
          <View
            key={copy.tag}
            className='bookcase__copy'
            onClick={() => Taro.navigateTo({ url: `${CABINET_PAGE}?cabinetId=${copy.cabinetId}` })}
          >
            <View className='bookcase__copy-text'>
              <Text className='bookcase__book'>
                《{copy.title}》{copy.author}
              </Text>
              <Text className='bookcase__hint'>
                {copy.cabinetName} · {copy.door} 号柜门{copy.online ? '' : ' · 书柜离线'}
              </Text>
            </View>
            <Icon of={Chevron} label='去这个书柜' size={14} />
          </View>
        ))}
    </View>
  )
}
