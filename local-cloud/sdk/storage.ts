/**
 * Cloud storage, local: files under `<dataDir>/storage/<cloudPath>` (or in memory). File IDs look like
 * production's (`cloud://<env>.<bucket>/<cloudPath>`); temporary URLs are `/__local/storage/<cloudPath>`,
 * to be served by the local server from `storage.read()`.
 */
import * as fs from 'fs'
import * as path from 'path'

export const FILE_ID_PREFIX = 'cloud://local.local-bucket/'
export const URL_PREFIX = '/__local/storage/'

export class LocalStorage {
  private memory = new Map<string, Buffer>()

  constructor(private dataDir: string | undefined) {}

  /** The cloudPath of a fileID, a cloudPath, or a `/__local/storage/…` URL; undefined if invalid. */
  static cloudPathOf(ref: string): string | undefined {
    if (typeof ref !== 'string' || !ref) return undefined
    let p = ref
    if (p.startsWith('cloud://')) {
      const rest = p.slice('cloud://'.length)
      const slash = rest.indexOf('/')
      if (slash < 0) return undefined
      p = rest.slice(slash + 1)
    } else if (p.startsWith(URL_PREFIX)) {
      p = p
        .slice(URL_PREFIX.length)
        .split('?')[0]
        .split('/')
        .map((s) => decodeURIComponent(s))
        .join('/')
    }
    const parts = p.split('/').filter((s) => s !== '' && s !== '.')
    if (parts.length === 0 || parts.some((s) => s === '..' || s.includes('\\') || s.includes('\0'))) return undefined
    return parts.join('/')
  }

  private file(cloudPath: string): string {
    return path.join(this.dataDir as string, 'storage', ...cloudPath.split('/'))
  }

  async write(cloudPath: string, content: Buffer): Promise<void> {
    if (!this.dataDir) {
      this.memory.set(cloudPath, Buffer.from(content))
      return
    }
    const f = this.file(cloudPath)
    await fs.promises.mkdir(path.dirname(f), { recursive: true })
    await fs.promises.writeFile(f, content)
  }

  async read(ref: string): Promise<Buffer | undefined> {
    const p = LocalStorage.cloudPathOf(ref)
    if (!p) return undefined
    if (!this.dataDir) {
      const b = this.memory.get(p)
      return b ? Buffer.from(b) : undefined
    }
    try {
      return await fs.promises.readFile(this.file(p))
    } catch {
      return undefined
    }
  }

  async remove(ref: string): Promise<boolean> {
    const p = LocalStorage.cloudPathOf(ref)
    if (!p) return false
    if (!this.dataDir) return this.memory.delete(p)
    try {
      await fs.promises.unlink(this.file(p))
      return true
    } catch {
      return false
    }
  }

  async clear(): Promise<void> {
    this.memory.clear()
    if (this.dataDir) await fs.promises.rm(path.join(this.dataDir, 'storage'), { recursive: true, force: true })
  }

  static url(cloudPath: string): string {
    return URL_PREFIX + cloudPath.split('/').map(encodeURIComponent).join('/')
  }
}

export async function toBuffer(content: unknown): Promise<Buffer | undefined> {
  if (Buffer.isBuffer(content)) return content
  if (typeof content === 'string') return Buffer.from(content)
  if (content instanceof Uint8Array) return Buffer.from(content)
  if (content instanceof ArrayBuffer) return Buffer.from(content)
  if (content && typeof (content as any)[Symbol.asyncIterator] === 'function') {
    const chunks: Buffer[] = []
    for await (const c of content as AsyncIterable<any>) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c))
    return Buffer.concat(chunks)
  }
  return undefined
}
