import Taro from '@tarojs/taro'
import type { SubscriptionMoment } from '@domain/subscriptions'
import { cloud } from './cloud'
import { currentPersona } from './persona'

/**
 * Asking for the one-time subscription messages an action may later cause (domain/subscriptions.ts).
 * WeChat accepts `requestSubscribeMessage` only inside a tap, so the template ids are known ahead
 * (`prefetchSubscriptions` at launch, or the screen's own data) and the request starts synchronously in
 * the tap, before anything is awaited. A refusal never blocks the action: the inbox gets every message.
 */
let templates: Partial<Record<SubscriptionMoment, string[]>> = {}

export function prefetchSubscriptions(): void {
  cloud.user.subscriptionTemplates().then(
    (answer) => {
      templates = answer
    },
    () => undefined,
  )
}

/** Asks for these templates (at most 3); resolves when the person has answered, never rejects. */
export function requestTemplates(tmplIds: string[]): Promise<void> {
  const ids = tmplIds.slice(0, 3)
  if (ids.length === 0) return Promise.resolve()
  if (process.env.TARO_ENV === 'weapp') {
    // Older clients lack the API and a refusal rejects: neither may stop the action itself.
    try {
      return Promise.resolve(Taro.requestSubscribeMessage({ tmplIds: ids, entityIds: [] })).then(
        () => undefined,
        () => undefined,
      )
    } catch {
      return Promise.resolve()
    }
  }
  // H5 runs against the local cloud, which stands in for WeChat's dialog: the person allows.
  return Taro.request({
    url: `${LOCAL_CLOUD_URL}/__local/subscribe-consent`,
    method: 'POST',
    data: { openid: currentPersona(), templateIds: ids },
    header: { 'content-type': 'application/json' },
  }).then(
    () => undefined,
    () => undefined,
  )
}

/** The templates of `moment` (signup, booking, borrow), from what was prefetched. */
export function requestSubscriptions(moment: SubscriptionMoment): Promise<void> {
  return requestTemplates(templates[moment] ?? [])
}
