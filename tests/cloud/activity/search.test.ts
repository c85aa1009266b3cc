/**
 * Activity search (issue 15): words found in the title or the place, every word must match, with
 * the other filters; the list still costs the same number of DB requests with or without words.
 */
import type { LocalRuntime } from '../../../local-cloud/runtime'
import { expectOk } from '../../support/runtime'
import { activity, activityRuntime, createActivity } from './support'

let runtime: LocalRuntime
beforeEach(async () => {
  runtime = await activityRuntime()
  await createActivity(runtime, { title: '地铁站文明引导', location: { name: '青岛站', latitude: 36.06, longitude: 120.31 } })
  await createActivity(runtime, {
    title: '海边净滩',
    category: '环保',
    location: { name: '第一海水浴场', latitude: 36.05, longitude: 120.34 },
  })
  await createActivity(runtime, { title: 'Library Night', location: { name: '市图书馆', latitude: 36.07, longitude: 120.38 } })
})
afterEach(() => runtime.close())

const titles = async (filters: Record<string, unknown>) =>
  expectOk<any>(await activity(runtime, 'local-worker', { action: 'list', phase: 'upcoming', ...filters, pageSize: 50 })).items.map(
    (a: any) => a.title,
  )

test('words match the title or the place; every word must match; case does not matter', async () => {
  expect(await titles({ q: '文明' })).toEqual(['地铁站文明引导'])
  expect(await titles({ q: '浴场' })).toEqual(['海边净滩'])
  expect(await titles({ q: '青岛站 引导' })).toEqual(['地铁站文明引导'])
  expect(await titles({ q: '青岛站　净滩' })).toEqual([])
  expect(await titles({ q: 'library' })).toEqual(['Library Night'])
  // Typed symbols match themselves, not as patterns.
  expect(await titles({ q: '.*' })).toEqual([])
})

test('words combine with the filters', async () => {
  expect(await titles({ q: '海', category: '环保' })).toEqual(['海边净滩'])
  expect(await titles({ q: '海', category: '文明交通' })).toEqual([])
})

test('searching costs the same DB requests as listing', async () => {
  const dbOf = async (filters: Record<string, unknown>) => {
    runtime.calls.clear()
    await titles(filters)
    const [call] = runtime.calls.list()
    return call.db
  }
  const plain = await dbOf({})
  expect(await dbOf({ q: '站 导 文 明 引 地' })).toEqual(plain)
})

test('a query over 50 characters is refused in Chinese', async () => {
  const answer = await activity(runtime, 'local-worker', { action: 'list', q: '字'.repeat(51) })
  expect(answer).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' })
})
