import type { LocalRuntime } from '../../local-cloud/runtime'
import { createTestRuntime, expectOk } from '../support/runtime'
import { fieldLabel } from '../../domain/fieldLabels'
import { collections } from '../../database/collections'

let runtime: LocalRuntime
const user = (openid: string, data: Record<string, unknown>) => runtime.call('user', openid, data)

beforeEach(async () => {
  runtime = await createTestRuntime()
})
afterEach(() => runtime.close())

describe('me', () => {
  test('a first-time worker gets a record with no profile and no roles', async () => {
    const me = expectOk(await user('wx-new-person', { action: 'me' }))
    expect(me).toMatchObject({
      openid: 'wx-new-person',
      profile: null,
      profileComplete: false,
      roles: [],
      unreadMessages: 0,
      volunteer: { hours: 0, points: 0, activities: 0, noShows: 0, teams: [] },
    })
  })

  test('a volunteer sees the hours and points confirmed to them (seeded: two past activities)', async () => {
    const { volunteer } = expectOk<any>(await user('local-volunteer-1', { action: 'me' }))
    expect(volunteer.hours).toBeGreaterThan(0)
    expect(volunteer.points).toBeGreaterThan(0)
    expect(volunteer.activities).toBe(2)
  })

  test('two first calls at once create one record', async () => {
    const answers = await Promise.all([user('wx-twice', { action: 'me' }), user('wx-twice', { action: 'me' })])
    expect(answers.every((a) => a.ok)).toBe(true)
    const db = runtime.cloud.sdkFor({ OPENID: '', SOURCE: 'test' }).database()
    expect((await db.collection('users').where({ _id: 'wx-twice' }).count()).total).toBe(1)
  })

  test('seeded roles show: organizer of team-1, counselor, admin from configuration', async () => {
    expect(expectOk<any>(await user('local-organizer', { action: 'me' }))).toMatchObject({
      roles: ['organizer'],
      organizerTeams: ['team-1'],
    })
    expect(expectOk<any>(await user('local-counselor-1', { action: 'me' }))).toMatchObject({
      roles: ['counselor'],
      counselorId: 'counselor-1',
    })
    expect(expectOk<any>(await user('local-admin', { action: 'me' })).roles).toContain('admin')
  })
})

describe('updateProfile', () => {
  const valid = { action: 'updateProfile', realName: '钱多多', phone: '13912345678', workUnit: '青岛港' }

  test('a valid profile completes the worker', async () => {
    expectOk(await user('local-worker', valid))
    expect(expectOk<any>(await user('local-worker', { action: 'me' }))).toMatchObject({
      profileComplete: true,
      profile: { realName: '钱多多', phone: '13912345678', workUnit: '青岛港' },
    })
  })

  test.each([
    [{ phone: '1234' }, 'phone'],
    [{ phone: '23912345678' }, 'phone'],
    [{ realName: '' }, 'realName'],
    [{ realName: 'A'.repeat(30) }, 'realName'],
    [{ workUnit: '' }, 'workUnit'],
  ])('%o is refused naming %s, and nothing changes', async (change, field) => {
    const answer = await user('local-worker', { ...valid, ...change })
    expect(answer).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' })
    // named as people name it, never as the code spells it
    expect((answer as any).message).toContain(fieldLabel(field).split(' ')[0])
    expect((answer as any).message).not.toMatch(/[a-z][A-Z]|^[a-z]+：/)
    expect(expectOk<any>(await user('local-worker', { action: 'me' })).profile).toBeNull()
  })
})

describe('grantRole / revokeRole', () => {
  test('only an admin grants; the grant scopes organizers to a team', async () => {
    expect(await user('local-volunteer-1', { action: 'grantRole', openid: 'local-volunteer-2', role: 'admin' })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    })
    const granted = expectOk<any>(
      await user('local-admin', { action: 'grantRole', openid: 'local-volunteer-2', role: 'organizer', teamId: 'team-7' }),
    )
    expect(granted).toMatchObject({ roles: ['organizer'], organizerTeams: ['team-7'] })
    expectOk(await user('local-admin', { action: 'grantRole', openid: 'local-volunteer-2', role: 'organizer', teamId: 'team-7' }))
    expect(expectOk<any>(await user('local-volunteer-2', { action: 'me' })).organizerTeams).toEqual(['team-7'])
    const revoked = expectOk<any>(
      await user('local-admin', { action: 'revokeRole', openid: 'local-volunteer-2', role: 'organizer', teamId: 'team-7' }),
    )
    expect(revoked).toMatchObject({ roles: [], organizerTeams: [] })
  })

  test('an organizer grant without a team, or for an unknown person, is refused', async () => {
    expect(await user('local-admin', { action: 'grantRole', openid: 'local-volunteer-2', role: 'organizer' })).toMatchObject({
      ok: false,
      code: 'INVALID_ARGUMENT',
    })
    expect(await user('local-admin', { action: 'grantRole', openid: 'nobody', role: 'admin' })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    })
  })

  test('a granted admin can grant; an admin cannot revoke their own admin role', async () => {
    expectOk(await user('local-admin', { action: 'grantRole', openid: 'local-volunteer-3', role: 'admin' }))
    expectOk(
      await user('local-volunteer-3', { action: 'grantRole', openid: 'local-volunteer-4', role: 'counselor', counselorId: 'counselor-9' }),
    )
    expect(await user('local-volunteer-3', { action: 'revokeRole', openid: 'local-volunteer-3', role: 'admin' })).toMatchObject({
      ok: false,
      code: 'CONFLICT',
    })
  })
})

describe('messages', () => {
  test('lists own messages newest first with the unread count, and markRead clears it', async () => {
    const db = runtime.cloud.sdkFor({ OPENID: '', SOURCE: 'test' }).database()
    const base = runtime.clock.now().getTime()
    for (let i = 0; i < 3; i++) {
      await db.collection('messages').add({
        data: {
          openid: 'local-volunteer-1',
          kind: 'test',
          title: `消息${i}`,
          body: '',
          page: null,
          read: false,
          createdAt: new Date(base + i * 1000),
        },
      })
    }
    await db.collection('messages').add({
      data: { openid: 'local-volunteer-2', kind: 'test', title: '别人的', body: '', page: null, read: false, createdAt: new Date(base) },
    })
    const inbox = expectOk<any>(await user('local-volunteer-1', { action: 'messages', pageSize: 2 }))
    expect(inbox.items.map((m: any) => m.title)).toEqual(['消息2', '消息1'])
    expect(inbox).toMatchObject({ hasMore: true, unread: 3 })
    expect(expectOk<any>(await user('local-volunteer-1', { action: 'me' })).unreadMessages).toBe(3)
    expect(expectOk<any>(await user('local-volunteer-1', { action: 'markRead', ids: [inbox.items[0]._id] }))).toEqual({
      marked: 1,
      unread: 2,
    })
    expect(expectOk<any>(await user('local-volunteer-1', { action: 'markRead' }))).toEqual({ marked: 2, unread: 0 })
    expect(expectOk<any>(await user('local-volunteer-2', { action: 'me' })).unreadMessages).toBe(1)
  })
})

describe('searchUsers', () => {
  test('an admin finds people by name or phone prefix, with their roles; others are refused', async () => {
    const byName = expectOk<any[]>(await user('local-admin', { action: 'searchUsers', query: '孙队' }))
    expect(byName.map((u) => u.openid)).toEqual(['local-organizer'])
    expect(byName[0].roles).toEqual(['organizer'])
    const byPhone = expectOk<any[]>(await user('local-admin', { action: 'searchUsers', query: '1380000000' }))
    expect(byPhone.map((u) => u.openid).sort()).toEqual([
      'local-volunteer-1',
      'local-volunteer-2',
      'local-volunteer-3',
      'local-volunteer-4',
      'local-volunteer-5',
    ])
    expect(expectOk<any[]>(await user('local-admin', { action: 'searchUsers', query: '.*' }))).toEqual([])
    expect(await user('local-volunteer-1', { action: 'searchUsers', query: '王' })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  })

  test('the users index is on the field searchUsers queries, as a user document stores it', async () => {
    const users = collections.find((c) => c.name === 'users')!
    expect(users.indexes.map((ix) => Object.keys(ix.fields))).toContainEqual(['profile.phone'])
    const db = runtime.cloud.sdkFor({ OPENID: '', SOURCE: 'test' }).database()
    const { data } = await db.collection('users').where({ _id: 'local-volunteer-1' }).get()
    // every indexed field is a path that exists in a stored user (an index on a missing field serves no query)
    for (const ix of users.indexes) {
      for (const field of Object.keys(ix.fields)) {
        expect(field.split('.').reduce<any>((doc, key) => doc?.[key], data[0])).toBeDefined()
      }
    }
  })
})
