import * as fs from 'fs'
import * as os from 'os'
import * as path from 'path'
import { createLocalCloud, LocalCloud, LocalCloudOptions, WXContextLike } from '../../../local-cloud/sdk'
import type { CollectionSpec } from '../../../database/collections'
import type { CloudSdk } from '../../../functions/_lib/sdk'

export const testCollections: CollectionSpec[] = [
  { name: 'items', description: 'test', indexes: [] },
  { name: 'other', description: 'test', indexes: [] },
  { name: 'accounts', description: 'test', indexes: [{ name: 'phone_unique', fields: { phone: 1 }, unique: true }] },
  { name: 'slots', description: 'test', indexes: [{ name: 'counselor_start', fields: { counselorId: 1, start: 1 }, unique: true }] },
]

export interface Call {
  name: string
  data: any
  context: WXContextLike
}

export class TestClock {
  constructor(public t = new Date('2024-05-01T02:00:00.000Z')) {}
  now(): Date {
    return new Date(this.t.getTime())
  }
  advance(ms: number): void {
    this.t = new Date(this.t.getTime() + ms)
  }
}

export interface Harness {
  cloud: LocalCloud
  clock: TestClock
  calls: Call[]
  handlers: Record<string, (data: any, context: WXContextLike) => any>
  sdk: CloudSdk
  db: ReturnType<CloudSdk['database']>
}

export function makeCloud(extra: Partial<LocalCloudOptions> = {}): Harness {
  const clock = new TestClock()
  const calls: Call[] = []
  const handlers: Harness['handlers'] = {}
  const cloud = createLocalCloud({
    clock,
    collections: testCollections,
    invoke: async (name, data, context) => {
      calls.push({ name, data, context })
      const h = handlers[name]
      if (!h) throw new Error(`no function ${name}`)
      return h(data, context)
    },
    ...extra,
  })
  const sdk = cloud.sdkFor({ OPENID: 'user-1', SOURCE: 'wx_client' }, { openapi: ['subscribeMessage.send', 'phonenumber.getPhoneNumber'] })
  return { cloud, clock, calls, handlers, sdk, db: sdk.database() }
}

export function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'local-cloud-'))
}

/** The rejection of a promise (fails the test if it resolves). */
export async function rejection(p: Promise<unknown>): Promise<any> {
  try {
    await p
  } catch (e) {
    return e
  }
  throw new Error('expected the promise to reject')
}
