/**
 * The separate consent to processing sensitive personal information (PIPL art. 29) the booking
 * form asks for, and the topics a worker picks from. Both the form and the `book` action use these:
 * the consent version a worker saw is recorded with the booking.
 */
export const CONSENT_VERSION = '2026-11'

export const CONSENT_TEXT =
  '为安排心理咨询，我们将处理您填写的咨询主题、情况描述和联系电话等敏感个人信息。这些信息仅您和为您服务的咨询师可见，' +
  '用于预约与咨询，不会用于其他目的；您可随时在"我的预约"中导出或删除这些信息。'

/** Counselor specialties double as booking topics, so statistics count by a known list. */
export const COUNSELING_TOPICS = ['情绪压力', '职场关系', '婚恋家庭', '亲子教育', '睡眠问题', '个人成长', '其他'] as const
export type CounselingTopic = (typeof COUNSELING_TOPICS)[number]

/** The statistics bucket of a free-text topic. */
export function topicBucket(topic: string): CounselingTopic {
  return (COUNSELING_TOPICS as readonly string[]).includes(topic) ? (topic as CounselingTopic) : '其他'
}
