import { Text, View } from '@tarojs/components'
import { Empty, ErrorState, Loading } from '../../components/StateView'
import { useCloudData } from '../../hooks/useCloudData'
import { cloud } from '../../services/cloud'
import './bookcase.scss'

/** 阅读之星: this year's readers by books borrowed, names masked; 我的 has the switch to stay off it. */
export default function LeaderboardScreen() {
  const [state, reload] = useCloudData(() => cloud.bookcase.leaderboard())
  if (state.status === 'loading') return <Loading />
  if (state.status === 'error') return <ErrorState message={state.message} onRetry={reload} />
  const board = state.data
  return (
    <View className='bookcase'>
      <View className='bookcase__header'>
        <Text className='bookcase__title'>{board.year} 年度阅读之星</Text>
        <Text className='bookcase__hint'>我今年借阅 {board.myLoans} 本 · 不想上榜可在“我的”中关闭</Text>
      </View>
      {board.rows.length === 0 && <Empty title='今年还没有人借书' hint='扫码借一本书，成为第一位阅读之星' />}
      {board.rows.map((row, index) => (
        <View key={index} className={`bookcase__rank ${row.mine ? 'bookcase__rank--mine' : ''}`}>
          <Text className='bookcase__rank-number'>{row.rank}</Text>
          <Text className='bookcase__rank-name'>{row.name}</Text>
          <Text className='bookcase__rank-loans'>{row.loans} 本</Text>
        </View>
      ))}
    </View>
  )
}
