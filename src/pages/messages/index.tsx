import MessagesScreen from '../../screens/messages/MessagesScreen'
import PageRoot from '../../components/PageRoot'

export default function MessagesPage() {
  return (
    <PageRoot>
      <MessagesScreen />
    </PageRoot>
  )
}
