export default definePageConfig({ navigationBarTitleText: '开门', enablePullDownRefresh: false })
