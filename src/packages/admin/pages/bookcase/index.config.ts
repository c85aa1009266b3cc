export default definePageConfig({ navigationBarTitleText: '书柜管理' })
