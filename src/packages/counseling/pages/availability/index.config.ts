export default definePageConfig({ navigationBarTitleText: '可预约时段', enablePullDownRefresh: false })
