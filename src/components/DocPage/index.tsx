import { Text, View } from '@tarojs/components'
import './index.scss'

export interface DocSection {
  title: string
  body: string
}

/** A page of plain sections: the privacy policy, about. */
export default function DocPage({ sections }: { sections: DocSection[] }) {
  return (
    <View className='doc'>
      {sections.map((section) => (
        <View key={section.title} className='doc__section'>
          <Text className='doc__title'>{section.title}</Text>
          <Text className='doc__body'>{section.body}</Text>
        </View>
      ))}
    </View>
  )
}
