export default definePageConfig({ navigationBarTitleText: '我的咨询师资料', enablePullDownRefresh: false })
