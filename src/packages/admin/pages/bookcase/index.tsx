import BookcaseAdminScreen from '../../../../screens/admin/BookcaseAdminScreen'
import PageRoot from '../../../../components/PageRoot'

export default function BookcaseAdminPage() {
  return (
    <PageRoot>
      <BookcaseAdminScreen />
    </PageRoot>
  )
}
