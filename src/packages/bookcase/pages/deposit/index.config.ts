export default definePageConfig({ navigationBarTitleText: '借书押金' })
