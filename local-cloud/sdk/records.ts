/**
 * Small record books of the local cloud (payment orders, refunds, sent subscription messages), kept in
 * nedb files under `<dataDir>/local` so that a restarted local cloud still knows its pending orders.
 */
import * as fs from 'fs'
import * as path from 'path'
import Datastore from '@seald-io/nedb'
import { dropCutLine } from './store'

export class RecordBook<T extends Record<string, any>> {
  private ds: Datastore
  private loaded: Promise<void>
  private persistent: boolean

  constructor(
    dataDir: string | undefined,
    name: string,
    private key: keyof T & string,
  ) {
    this.persistent = Boolean(dataDir)
    if (dataDir) {
      fs.mkdirSync(path.join(dataDir, 'local'), { recursive: true })
      const filename = path.join(dataDir, 'local', `${name}.db`)
      dropCutLine(filename)
      this.ds = new Datastore({ filename })
    } else this.ds = new Datastore({ inMemoryOnly: true })
    this.loaded = this.ds.loadDatabaseAsync().then(() => this.ds.ensureIndexAsync({ fieldName: key, unique: true }))
  }

  private strip(d: any): T {
    const { _id, ...rest } = d
    void _id
    return rest as T
  }

  async get(key: string): Promise<T | undefined> {
    await this.loaded
    const d = await this.ds.findOneAsync({ [this.key]: key } as any)
    return d ? this.strip(d) : undefined
  }

  async put(record: T): Promise<void> {
    await this.loaded
    await this.ds.updateAsync({ [this.key]: record[this.key] } as any, { ...record } as any, { upsert: true })
  }

  async list(): Promise<T[]> {
    await this.loaded
    const docs = await this.ds.findAsync({}).sort({ seq: 1 })
    return docs.map((d) => this.strip(d))
  }

  async count(): Promise<number> {
    await this.loaded
    return this.ds.countAsync({})
  }

  async clear(): Promise<void> {
    await this.loaded
    await this.ds.removeAsync({}, { multi: true })
    if (this.persistent) await this.ds.compactDatafileAsync()
  }

  async close(): Promise<void> {
    await this.loaded
    if (this.persistent) await this.ds.compactDatafileAsync()
  }
}
