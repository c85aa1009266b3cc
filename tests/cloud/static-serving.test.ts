/** The H5 demo server compresses what it serves and lets browsers keep hashed assets (issue 13). */
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import type { AddressInfo } from 'node:net'
import { createLocalRuntime, type LocalRuntime } from '../../local-cloud/runtime'
import { createServer } from '../../local-cloud/server/server'

process.env.CLOUD_LOG = 'silent'

let dir: string
let runtime: LocalRuntime
let server: http.Server
let url: string
const script = `console.log(${JSON.stringify('职工服务'.repeat(2000))})\n`

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'h5-'))
  fs.mkdirSync(path.join(dir, 'js'))
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>职工服务</title><script src="/js/app.3f2a9c1b.js"></script>')
  fs.writeFileSync(path.join(dir, 'js', 'app.3f2a9c1b.js'), script)
  runtime = await createLocalRuntime({ local: false })
  server = createServer({ runtime, staticDir: dir })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
  await runtime.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

/** A raw GET (fetch would decompress and hide the encoding). */
function get(
  pathname: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(`${url}${pathname}`, { headers }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk) => chunks.push(chunk))
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }))
      })
      .on('error', reject)
  })
}

test('brotli when accepted, else gzip, else plain; the bytes are the file', async () => {
  const br = await get('/js/app.3f2a9c1b.js', { 'accept-encoding': 'gzip, deflate, br' })
  expect(br.headers['content-encoding']).toBe('br')
  expect(br.body.length).toBeLessThan(Buffer.byteLength(script) / 5)
  expect(zlib.brotliDecompressSync(br.body).toString()).toBe(script)
  const gzip = await get('/js/app.3f2a9c1b.js', { 'accept-encoding': 'gzip' })
  expect(gzip.headers['content-encoding']).toBe('gzip')
  expect(zlib.gunzipSync(gzip.body).toString()).toBe(script)
  const plain = await get('/js/app.3f2a9c1b.js')
  expect(plain.headers['content-encoding']).toBeUndefined()
  expect(plain.body.toString()).toBe(script)
  expect(br.headers.vary).toBe('accept-encoding')
})

test('hashed assets are cached for a year; the page is revalidated by ETag (304 when unchanged)', async () => {
  const asset = await get('/js/app.3f2a9c1b.js', { 'accept-encoding': 'br' })
  expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable')
  const page = await get('/', { 'accept-encoding': 'gzip' })
  expect(page.status).toBe(200)
  expect(page.headers['cache-control']).toBe('no-cache')
  const again = await get('/', { 'if-none-match': String(page.headers.etag) })
  expect(again.status).toBe(304)
  expect(again.body.length).toBe(0)
})
