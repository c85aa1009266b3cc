/**
 * One-time subscription messages: WeChat sends one only after the user accepted its template in
 * `wx.requestSubscribeMessage`, which must be called in the tap of the action the message belongs to
 * (at most 3 templates per request). Each moment lists the message purposes (keys of the
 * SUBSCRIBE_TEMPLATES setting) its action may later cause.
 * https://developers.weixin.qq.com/miniprogram/dev/api/open-api/subscribe-message/wx.requestSubscribeMessage.html
 */
export const SUBSCRIPTION_MOMENTS = {
  /** 报名 / 候补: promoted from the waitlist. */
  signup: ['waitlistPromoted'],
  /** 预约咨询: the counselor confirms; the reminder before the session. */
  booking: ['counselingConfirmed', 'counselingReminder'],
  /** 开门借书: due tomorrow, overdue, returned with its fee. */
  borrow: ['dueSoon', 'overdue', 'returned'],
} as const

export type SubscriptionMoment = keyof typeof SUBSCRIPTION_MOMENTS

/** The template ids to request at `moment`, from the configured purpose → template id map. */
export function templatesFor(moment: SubscriptionMoment, templates: Record<string, string>): string[] {
  return [...new Set(SUBSCRIPTION_MOMENTS[moment].map((purpose) => templates[purpose]).filter((id): id is string => Boolean(id)))]
}
