import MessagesScreen from '../../screens/messages/MessagesScreen'

export default function MessagesPage() {
  return <MessagesScreen />
}
