export default definePageConfig({ navigationBarTitleText: '关于', enablePullDownRefresh: false })
