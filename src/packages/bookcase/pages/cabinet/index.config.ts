export default definePageConfig({ navigationBarTitleText: '智能书柜' })
