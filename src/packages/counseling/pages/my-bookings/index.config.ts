export default definePageConfig({ navigationBarTitleText: '我的咨询预约' })
