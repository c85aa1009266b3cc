/**
 * The mini-program asks for the subscription templates inside the tap of the action they belong to —
 * WeChat refuses `requestSubscribeMessage` anywhere else — so the request must start synchronously in
 * the service call, before the cloud call is awaited; a refusal or a missing API never stops the action.
 */
import { signUp } from '../../src/services/activity'
import { prefetchSubscriptions, requestSubscriptions, requestTemplates } from '../../src/services/subscriptions'

const calls: string[] = []
const mockTaro = {
  requestSubscribeMessage: jest.fn((options: { tmplIds: string[] }) => {
    calls.push(`subscribe:${options.tmplIds.join(',')}`)
    return Promise.reject(new Error('requestSubscribeMessage:fail user refused'))
  }),
  cloud: {
    callFunction: jest.fn(async ({ name, data }: { name: string; data: { action: string } }) => {
      calls.push(`call:${name}.${data.action}`)
      if (data.action === 'subscriptionTemplates') {
        return { result: { ok: true, data: { signup: ['T-wait'], booking: ['T-ok', 'T-remind'], borrow: ['T-due', 'T-over', 'T-back'] } } }
      }
      return { result: { ok: true, data: { status: 'confirmed' } } }
    }),
  },
  getStorageSync: () => '',
}
// A getter: jest hoists this factory above the declarations, and the services read Taro only when called.
jest.mock('@tarojs/taro', () => ({
  __esModule: true,
  get default() {
    return mockTaro
  },
}))

Object.assign(globalThis, { LOCAL_CLOUD_URL: '', CLOUD_ENV_ID: '' })
process.env.TARO_ENV = 'weapp'

beforeAll(async () => {
  prefetchSubscriptions()
  await new Promise((resolve) => setTimeout(resolve, 0))
})
beforeEach(() => {
  calls.length = 0
})

test('报名 asks for the waitlist message in the same tick as the tap, then signs up even when refused', async () => {
  const pending = signUp('a1')
  expect(calls[0]).toBe('subscribe:T-wait')
  expect(await pending).toEqual({ status: 'confirmed' })
  expect(calls).toEqual(['subscribe:T-wait', 'call:activity.signup'])
})

test('a booking asks for its two messages; a screen may pass its own template ids, at most 3 per request', async () => {
  await requestSubscriptions('booking')
  await requestTemplates(['T-due', 'T-over', 'T-back', 'T-fourth'])
  expect(calls).toEqual(['subscribe:T-ok,T-remind', 'subscribe:T-due,T-over,T-back'])
})

test('a client without the API still signs up', async () => {
  mockTaro.requestSubscribeMessage.mockImplementationOnce(() => {
    throw new TypeError('not a function')
  })
  expect(await signUp('a1')).toEqual({ status: 'confirmed' })
})
