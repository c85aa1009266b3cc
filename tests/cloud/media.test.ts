/**
 * Covers and photos: the H5 app's upload (the local cloud's storage route, which takes pictures only),
 * the actions that store a fileID (activity create/update, counseling updateProfile) and the answers
 * that show it (one storage call per page for the links).
 */
import type { AddressInfo } from 'node:net'
import http from 'node:http'
import { randomBytes } from 'node:crypto'
import type { LocalRuntime } from '../../local-cloud/runtime'
import { createServer } from '../../local-cloud/server/server'
import { expectOk } from '../support/runtime'
import { ORGANIZER, activityRuntime, createActivity, database, draftInput } from './activity/support'

// The smallest real PNG (1×1): what the app's compressor may well send for a tiny picture.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')
const name = () => randomBytes(12).toString('hex')

let runtime: LocalRuntime
let server: http.Server
let base: string
/** The size of every getTempFileURL call the functions make. */
let linkCalls: number[]

beforeEach(async () => {
  runtime = await activityRuntime()
  linkCalls = []
  const sdkFor = runtime.cloud.sdkFor
  runtime.cloud.sdkFor = (...args) => {
    const sdk = sdkFor(...args)
    const getTempFileURL = sdk.getTempFileURL
    sdk.getTempFileURL = (options) => {
      linkCalls.push(options.fileList.length)
      return getTempFileURL(options)
    }
    return sdk
  }
  server = createServer({ runtime })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterEach(async () => {
  await new Promise((resolve) => server.close(resolve))
  await runtime.close()
})

async function upload(openid: string, cloudPath: string, body: Buffer) {
  const response = await fetch(`${base}/__local/storage/${cloudPath}`, {
    method: 'POST',
    headers: { 'X-Openid': openid, 'content-type': 'application/octet-stream' },
    body: new Uint8Array(body),
  })
  return { status: response.status, body: (await response.json()) as { fileID?: string; code?: string; message?: string } }
}

async function uploaded(openid: string, kind: 'covers' | 'photos', body = PNG): Promise<string> {
  const answer = await upload(openid, `${kind}/${name()}.png`, body)
  expect(answer.status).toBe(200)
  return answer.body.fileID!
}

const activities = async () => (await database(runtime).collection('activities').count()).total

describe('the local storage takes pictures as cloud storage would', () => {
  test('a picture under covers/ is stored and its fileID answered', async () => {
    const fileID = await uploaded(ORGANIZER, 'covers')
    expect(fileID).toMatch(/^cloud:\/\/[^/]+\/covers\/[0-9a-f]{24}\.png$/)
    expect(await runtime.cloud.storage.read(fileID)).toEqual(PNG)
  })

  test('not a picture, over 2 MB, outside the picture folders, anonymous or over an existing file: refused, nothing stored', async () => {
    const text = await upload(ORGANIZER, `covers/${name()}.png`, Buffer.from('我不是图片'))
    expect(text).toMatchObject({ status: 415, body: { code: 'INVALID_ARGUMENT', message: '只能上传 JPG、PNG 或 WebP 图片' } })
    const disguised = await upload(ORGANIZER, `covers/${name()}.jpg`, PNG)
    expect(disguised).toMatchObject({ status: 415, body: { message: '图片格式与文件名不符，请重新选择' } })
    const big = Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024)])
    expect(await upload(ORGANIZER, `photos/${name()}.png`, big)).toMatchObject({
      status: 413,
      body: { message: expect.stringContaining('2 MB') },
    })
    expect((await upload(ORGANIZER, `exports/${name()}.png`, PNG)).status).toBe(403)
    expect((await upload('', `covers/${name()}.png`, PNG)).status).toBe(403)
    const path = `covers/${name()}.png`
    expect((await upload(ORGANIZER, path, PNG)).status).toBe(200)
    expect(await upload('local-admin', path, Buffer.from(PNG))).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } })
  })
})

describe('activity covers', () => {
  test('upload → create with the cover → the list and the detail show it; the link serves the picture', async () => {
    const cover = await uploaded(ORGANIZER, 'covers')
    const created = await createActivity(runtime, { cover, title: '有封面的活动' })
    expect(created.cover).toBe(cover)
    const list = expectOk<any>(await runtime.call('activity', 'local-volunteer-1', { action: 'list', q: '有封面' }))
    expect(list.items).toHaveLength(1)
    expect(list.items[0].coverUrl).toMatch(/^\/__local\/storage\/covers\/.+\.png\?expires=\d+$/)
    const picture = await fetch(`${base}${list.items[0].coverUrl}`)
    expect(picture.headers.get('content-type')).toBe('image/png')
    expect(Buffer.from(await picture.arrayBuffer())).toEqual(PNG)
    const detail = expectOk<any>(await runtime.call('activity', 'local-volunteer-1', { action: 'detail', activityId: created.id }))
    expect(detail.activity.coverUrl).toMatch(/^\/__local\/storage\/covers\//)
  })

  test('without a cover the answer says null (the app shows the category default) and no storage call is made', async () => {
    await createActivity(runtime, { title: '无封面的活动' })
    linkCalls = []
    const list = expectOk<any>(await runtime.call('activity', 'local-volunteer-1', { action: 'list', q: '无封面' }))
    expect(list.items[0]).toMatchObject({ cover: null, coverUrl: null })
    expect(linkCalls).toEqual([])
  })

  test('a page of 20 covered activities costs one link call, not one per activity', async () => {
    for (let i = 0; i < 21; i++) await createActivity(runtime, { cover: await uploaded(ORGANIZER, 'covers'), title: `封面活动${i}` })
    linkCalls = []
    const list = expectOk<any>(await runtime.call('activity', 'local-volunteer-1', { action: 'list', q: '封面活动', pageSize: 20 }))
    expect(list.items).toHaveLength(20)
    expect(list.items.every((item: any) => item.coverUrl)).toBe(true)
    expect(linkCalls).toEqual([20])
  })

  test('an organizer changes the cover with update; reusing their own picture for another activity is fine', async () => {
    const first = await uploaded(ORGANIZER, 'covers')
    const created = await createActivity(runtime, { cover: first })
    const second = await uploaded(ORGANIZER, 'covers')
    const updated = expectOk<any>(await runtime.call('activity', ORGANIZER, { action: 'update', activityId: created.id, cover: second }))
    expect(updated.activity?.cover ?? updated.cover).toBe(second)
    await createActivity(runtime, { cover: first, title: '沿用封面' })
  })

  test("another person's picture, a missing file, a non-picture, another folder: refused with a clear message, nothing created", async () => {
    const other = 'wx-organizer-2'
    await database(runtime)
      .collection('users')
      .doc(other)
      .set({ data: { profile: null, roles: { organizerTeams: ['team-1'] }, settings: {}, createdAt: new Date(), updatedAt: new Date() } })
    const before = await activities()
    const theirs = await uploaded(other, 'covers')
    expectOk(await runtime.call('activity', other, { action: 'create', ...draftInput({ cover: theirs }) }))
    const refusals: [unknown, string, RegExp][] = [
      [theirs, 'FORBIDDEN', /不是您上传的/],
      [theirs.replace(/\/covers\/.*$/, `/covers/${name()}.png`), 'INVALID_ARGUMENT', /不存在/],
      [theirs.replace('/covers/', '/exports/'), 'INVALID_ARGUMENT', /图片无效/],
      [theirs.replace('/covers/', '/photos/'), 'INVALID_ARGUMENT', /图片无效/],
      ['https://example.com/a.png', 'INVALID_ARGUMENT', /图片无效/],
      [12, 'INVALID_ARGUMENT', /字符串/],
    ]
    const notPicture = `covers/${name()}.png`
    await runtime.cloud.storage.write(notPicture, Buffer.from('plain text, written by someone through the SDK'))
    refusals.push([`cloud://local.local-bucket/${notPicture}`, 'INVALID_ARGUMENT', /只能上传/])
    for (const [cover, code, message] of refusals) {
      const answer = await runtime.call('activity', ORGANIZER, { action: 'create', ...draftInput({ cover }) })
      expect(answer).toMatchObject({ ok: false, code, message: expect.stringMatching(message) })
    }
    expect(await activities()).toBe(before + 1)
  })
})

describe('counselor photos', () => {
  const profile = {
    action: 'updateProfile',
    name: '周心怡',
    title: '心理咨询师',
    specialties: ['情绪压力'],
    introduction: '介绍',
    modes: ['online'],
  }

  test('a counselor sets their photo; the counselors list and the counselor page show it', async () => {
    const photo = await uploaded('local-counselor-1', 'photos')
    const saved = expectOk<any>(await runtime.call('counseling', 'local-counselor-1', { ...profile, photo }))
    expect(saved.photoUrl).toMatch(/^\/__local\/storage\/photos\//)
    linkCalls = []
    const { items } = expectOk<any>(await runtime.call('counseling', 'local-worker', { action: 'counselors' }))
    const mine = items.find((c: any) => c.counselorId === 'counselor-1')
    expect(mine.photoUrl).toMatch(/^\/__local\/storage\/photos\//)
    expect(items.filter((c: any) => c.counselorId !== 'counselor-1').every((c: any) => c.photoUrl === null)).toBe(true)
    expect(linkCalls).toEqual([1])
    const page = expectOk<any>(await runtime.call('counseling', 'local-worker', { action: 'counselor', counselorId: 'counselor-1' }))
    expect(page.photoUrl).toBe(mine.photoUrl)
  })

  test("another counselor's photo or a cover is refused", async () => {
    const photo = await uploaded('local-counselor-1', 'photos')
    expectOk(await runtime.call('counseling', 'local-counselor-1', { ...profile, photo }))
    expect(await runtime.call('counseling', 'local-counselor-2', { ...profile, photo })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    const cover = await uploaded('local-counselor-2', 'covers')
    expect(await runtime.call('counseling', 'local-counselor-2', { ...profile, photo: cover })).toMatchObject({
      ok: false,
      code: 'INVALID_ARGUMENT',
    })
    const page = expectOk<any>(await runtime.call('counseling', 'local-worker', { action: 'counselor', counselorId: 'counselor-2' }))
    expect(page.photo).toBeNull()
  })
})
