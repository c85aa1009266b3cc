export default definePageConfig({ navigationBarTitleText: '心理咨询' })
