/**
 * Excel exports: roster with hours, a team's volunteer hours per month, the loans report — XLSX read
 * back with exceljs and CSV for Excel, at unguessable paths with links that expire, for allowed people only.
 */
import { Workbook, type Worksheet } from 'exceljs'
import type { LocalRuntime } from '../../../local-cloud/runtime'
import { devControls } from '../../../local-cloud/server/dev-controls'
import { expectOk } from '../../support/runtime'
import { MINUTE_MS } from '../../../domain/time'
import { ORGANIZER, activity, activityRuntime, createActivity } from '../activity/support'

let runtime: LocalRuntime
let created: any
beforeAll(async () => {
  runtime = await activityRuntime()
  created = await createActivity(runtime, { capacity: 3, hours: 2, points: 20, title: '=HYPERLINK("x") 文明引导' })
  for (const openid of ['local-volunteer-1', 'local-volunteer-2'])
    expectOk(await activity(runtime, openid, { action: 'signup', activityId: created.id }))
  runtime.clock.set(new Date(created.endAt + MINUTE_MS))
  expectOk(
    await activity(runtime, ORGANIZER, {
      action: 'confirmHours',
      activityId: created.id,
      entries: [
        { openid: 'local-volunteer-1', hours: 2 },
        { openid: 'local-volunteer-2', hours: 1.5 },
      ],
    }),
  )
})
afterAll(() => runtime.close())

async function sheets(fileID: string): Promise<Worksheet[]> {
  const workbook = new Workbook()
  await workbook.xlsx.load((await runtime.cloud.storage.read(fileID)) as any)
  return workbook.worksheets
}

const values = (sheet: Worksheet, row: number) => (sheet.getRow(row).values as unknown[]).slice(1)

test('roster as XLSX: title, header, one row per person with confirmed hours', async () => {
  const exported = expectOk<any>(await activity(runtime, ORGANIZER, { action: 'exportRoster', activityId: created.id, format: 'xlsx' }))
  expect(exported.fileID).toMatch(/\/exports\/activity\/[0-9a-f]{32}\/roster-\d{4}-\d{2}-\d{2}\.xlsx$/)
  const [roster] = await sheets(exported.fileID)
  expect(String(values(roster, 1)[0])).toContain('=HYPERLINK("x") 文明引导')
  expect(roster.getCell('A1').formula).toBeUndefined()
  expect(values(roster, 2)).toEqual([
    '序号',
    '姓名',
    '手机号',
    '工作单位',
    '报名状态',
    '签到时间',
    '签退时间',
    '手工签到',
    '确认时长（小时）',
    '积分',
    '确认人',
    '累计爽约',
  ])
  expect(values(roster, 3).slice(0, 2)).toEqual([1, '王小明'])
  expect(values(roster, 3)[8]).toBe(2)
  expect(values(roster, 4)[8]).toBe(1.5)
  expect(exported.rows).toBe(2)
})

test('volunteer hours of a team in a month, XLSX and CSV; only its organizers and admins', async () => {
  const month = '2027-03'
  const xlsx = expectOk<any>(await activity(runtime, ORGANIZER, { action: 'hoursReport', teamId: 'team-1', month }))
  const [summary, detail] = await sheets(xlsx.fileID)
  expect(values(summary, 2)).toEqual(['姓名', '手机号', '工作单位', '活动数', '服务时长（小时）', '积分'])
  expect(values(summary, 3)).toEqual(['王小明', '13800000001', expect.any(String), 1, 2, 20])
  expect(values(summary, 4)[4]).toBe(1.5)
  expect(detail.rowCount).toBe(3)
  const csv = expectOk<any>(
    await runtime.call('activity', 'local-admin', { action: 'hoursReport', teamId: 'team-1', month, format: 'csv' }),
  )
  const text = String(await runtime.cloud.storage.read(csv.fileID))
  expect(text.startsWith('\uFEFF')).toBe(true)
  expect(text).toContain('"王小明","13800000001"')
  // Another month has nobody; other people may not export.
  const empty = expectOk<any>(await activity(runtime, ORGANIZER, { action: 'hoursReport', teamId: 'team-1', month: '2027-04' }))
  expect(empty.rows).toBe(0)
  expect(await activity(runtime, 'local-volunteer-1', { action: 'hoursReport', teamId: 'team-1', month })).toMatchObject({
    ok: false,
    code: 'FORBIDDEN',
  })
  expect(await activity(runtime, ORGANIZER, { action: 'hoursReport', teamId: 'team-1', month: '2027-13' })).toMatchObject({
    ok: false,
    code: 'INVALID_ARGUMENT',
  })
})

test('an export link works until it expires, then is refused', async () => {
  const exported = expectOk<any>(await activity(runtime, ORGANIZER, { action: 'exportRoster', activityId: created.id }))
  const controls = devControls(runtime)
  const get = () => controls('GET', new URL(exported.url, 'http://localhost'), {})
  expect((await get()).status).toBe(200)
  const withoutExpiry = new URL(exported.url.split('?')[0], 'http://localhost')
  expect((await controls('GET', withoutExpiry, {})).status).toBe(403)
  runtime.clock.advance(11 * MINUTE_MS)
  expect((await get()).status).toBe(403)
})
