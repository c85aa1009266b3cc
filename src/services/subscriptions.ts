import Taro from '@tarojs/taro'
import type { SubscriptionMoment } from '@domain/subscriptions'
import { callCloud } from './cloud'
import { currentPersona } from './persona'

/**
 * Asking for the one-time subscription messages an action may later cause (domain/subscriptions.ts).
 * WeChat accepts `requestSubscribeMessage` only inside a tap, so the template ids are fetched ahead
 * (`prefetchSubscriptions` at launch) and `requestSubscriptions` starts the request synchronously in
 * the tap, alongside the action. A refusal never blocks the action: the inbox gets every message.
 */
let templates: Partial<Record<SubscriptionMoment, string[]>> = {}

export function prefetchSubscriptions(): void {
  callCloud<Record<SubscriptionMoment, string[]>>('user', 'subscriptionTemplates').then(
    (answer) => {
      templates = answer
    },
    () => undefined,
  )
}

export function requestSubscriptions(moment: SubscriptionMoment): void {
  const tmplIds = templates[moment] ?? []
  if (tmplIds.length === 0) return
  if (process.env.TARO_ENV === 'weapp') {
    // Older clients lack the API and a refusal rejects: neither may stop the action itself.
    try {
      Promise.resolve(Taro.requestSubscribeMessage({ tmplIds, entityIds: [] })).catch(() => undefined)
    } catch {
      // not supported here
    }
    return
  }
  // H5 runs against the local cloud, which stands in for WeChat's dialog: the user allows.
  Taro.request({
    url: `${LOCAL_CLOUD_URL}/__local/subscribe-consent`,
    method: 'POST',
    data: { openid: currentPersona(), templateIds: tmplIds },
    header: { 'content-type': 'application/json' },
  }).catch(() => undefined)
}
