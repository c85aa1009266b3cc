import { CONSENT_TEXT, CONSENT_VERSION, COUNSELING_TOPICS, topicBucket } from '../../../domain/counseling/consent'

test('statistics count known topics by name and everything else as 其他', () => {
  for (const topic of COUNSELING_TOPICS) expect(topicBucket(topic)).toBe(topic)
  expect(topicBucket('我自己写的主题')).toBe('其他')
  expect(topicBucket('')).toBe('其他')
})

test('the consent names the sensitive information and has a version to record', () => {
  expect(CONSENT_VERSION).toMatch(/^\d{4}-\d{2}$/)
  for (const item of ['咨询主题', '情况描述', '联系电话', '导出或删除']) expect(CONSENT_TEXT).toContain(item)
})
