/** `openapi.phonenumber.getPhoneNumber`: production's answer shape; a bad code refused as WeChat does. */
import { Harness, makeCloud, rejection } from './helpers'

let h: Harness

beforeEach(() => {
  h = makeCloud()
})

afterEach(async () => {
  await h.cloud.close()
})

test('a local code answers the phone it carries, in the shape the cloud call answers', async () => {
  expect(await h.sdk.openapi.phonenumber.getPhoneNumber({ code: 'local-13800138000' })).toEqual({
    errCode: 0,
    errMsg: 'openapi.phonenumber.getPhoneNumber:ok',
    phoneInfo: {
      phoneNumber: '13800138000',
      purePhoneNumber: '13800138000',
      countryCode: '86',
      watermark: { timestamp: Math.floor(h.clock.now().getTime() / 1000), appid: 'local-appid' },
    },
  })
})

test.each(['', 'e31968a7f94cc5ee25fafc2aef2773f0', 'local-1380013800', 'local-23800138000'])(
  'code %p is refused with errCode 40029',
  async (code) => {
    const err = await rejection(h.sdk.openapi.phonenumber.getPhoneNumber({ code }))
    expect(err.errCode).toBe(40029)
    expect(err.errMsg).toBe('openapi.phonenumber.getPhoneNumber:fail invalid code')
  },
)
