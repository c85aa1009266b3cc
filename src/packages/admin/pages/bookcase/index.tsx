import BookcaseAdminScreen from '../../../../screens/admin/BookcaseAdminScreen'

export default function BookcaseAdminPage() {
  return <BookcaseAdminScreen />
}
