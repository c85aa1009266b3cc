import type { LocalRuntime } from '../../local-cloud/runtime'
import { createTestRuntime, expectOk } from '../support/runtime'

let runtime: LocalRuntime
const phoneFromCode = (data: Record<string, unknown>) => runtime.call<any>('user', 'local-worker', { action: 'phoneFromCode', ...data })

beforeEach(async () => {
  runtime = await createTestRuntime()
})
afterEach(() => runtime.close())

test('the code of the phone-number button answers the phone bound to WeChat, without saving it', async () => {
  expect(expectOk(await phoneFromCode({ code: 'local-13800138000' }))).toEqual({ phone: '13800138000' })
  expect(expectOk<any>(await runtime.call('user', 'local-worker', { action: 'me' })).profile).toBeNull()
})

test('a code WeChat refuses is INVALID_ARGUMENT with a Chinese message naming the code', async () => {
  expect(await phoneFromCode({ code: 'expired-code' })).toEqual({
    ok: false,
    code: 'INVALID_ARGUMENT',
    message: 'code：手机号授权已失效，请重新点击获取或直接填写',
  })
})

test('a missing code is refused before WeChat is asked', async () => {
  expect(await phoneFromCode({})).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT', message: expect.stringContaining('code') })
})
