import { createTestRuntime, expectOk } from '../../support/runtime'

test('the demo activities: several categories, one nearly full, one open for check-in, past hours for local-volunteer-1', async () => {
  const runtime = await createTestRuntime()
  try {
    const call = (openid: string, data: Record<string, unknown>) => runtime.call<any>('activity', openid, data)
    const upcoming = expectOk<any>(await call('local-volunteer-1', { action: 'list', pageSize: 50 })).items
    expect(new Set(upcoming.map((a: any) => a.category)).size).toBeGreaterThanOrEqual(4)
    expect(new Set(upcoming.map((a: any) => a.teamId))).toEqual(new Set(['team-1', 'team-2']))
    expect(upcoming.some((a: any) => a.seatsLeft === 1 && a.capacity > 1)).toBe(true)
    const open = expectOk<any>(await call('local-volunteer-1', { action: 'detail', activityId: 'activity-elderly' }))
    expect(open.action.kind).toBe('checkin')
    const token = expectOk<any>(await call('local-organizer', { action: 'checkinCode', activityId: 'activity-elderly' })).token
    expectOk(await call('local-volunteer-1', { action: 'checkin', token }))
    const card = expectOk<any>(await call('local-volunteer-1', { action: 'volunteerCard' }))
    expect(card.hours).toBeGreaterThan(0)
    // The profile card in 我的 reads the same totals.
    expect(expectOk<any>(await runtime.call('user', 'local-volunteer-1', { action: 'me' })).volunteer).toMatchObject({
      hours: card.hours,
      points: card.points,
    })
    expect(
      expectOk<any>(await call('local-volunteer-1', { action: 'mySignups', filter: 'past' })).items.every((s: any) => s.confirmation),
    ).toBe(true)
  } finally {
    await runtime.close()
  }
})
