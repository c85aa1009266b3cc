export default definePageConfig({ navigationBarTitleText: '阅读之星' })
