export default definePageConfig({ navigationBarTitleText: '职工服务' })
