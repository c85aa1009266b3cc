import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import zlib from 'node:zlib'
import { TIMEOUT_ERR_CODE, type LocalRuntime } from '../runtime'
import { devControls } from './dev-controls'
import { withFrameRedirect } from '../console/frame'
import { CODE_PAGES } from '../../domain/links'
import { IMAGE_TOO_LARGE, MAX_IMAGE_BYTES, MEDIA_PATH, imageProblem } from '../../domain/media'

/** Functions reached over HTTP in production (HTTP access service): they get the request, not `data`. */
const HTTP_FUNCTIONS = new Set(['cabinetGateway'])
const MAX_BODY_BYTES = 256 * 1024
/** A body over the limit is read to its end (and dropped) up to this size, so the 413 reaches a client still sending. */
const MAX_DRAIN_BYTES = 16 * 1024 * 1024
/** What the mini-program may upload for a function to read (spreadsheets to import). */
const MAX_UPLOAD_BYTES = 5 * 1024 * 1024

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.csv': 'text/csv; charset=utf-8',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
}

export interface ServerOptions {
  runtime: LocalRuntime
  /** The H5 build to serve at `/`; omitted, only the cloud endpoints answer. */
  staticDir?: string
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
  res.end(text)
}

class BodyTooLarge extends Error {}

/** The body; over `limit`, BodyTooLarge once the client has finished sending (the rest is dropped). */
function readBytes(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= limit) chunks.push(chunk)
      else if (size > MAX_DRAIN_BYTES) reject(new BodyTooLarge())
    })
    req.on('end', () => (size > limit ? reject(new BodyTooLarge()) : resolve(Buffer.concat(chunks))))
    req.on('error', reject)
  })
}

const envelope = (code: string, message: string) => ({ ok: false, code, message })
const TOO_LARGE = envelope('INVALID_ARGUMENT', '请求内容过大（上限 256 KB）')
const readBody = async (req: http.IncomingMessage) => (await readBytes(req, MAX_BODY_BYTES)).toString('utf8')

/** Built files whose name carries a content hash (`app.3f2a9c1b.js`) never change: cached for a year. */
const HASHED_ASSET = /\.[0-9a-f]{8,}\.[a-z0-9]+$/i
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.svg', '.csv', '.ttf'])
/** Compressed bodies by file, modification time and encoding: each file is compressed once. */
const compressedCache = new Map<string, Buffer>()

function encodingFor(req: http.IncomingMessage, ext: string): 'br' | 'gzip' | null {
  if (!COMPRESSIBLE.has(ext)) return null
  const accepted = String(req.headers['accept-encoding'] ?? '')
  if (/\bbr\b/.test(accepted)) return 'br'
  if (/\bgzip\b/.test(accepted)) return 'gzip'
  return null
}

function compressed(file: string, stat: fs.Stats, encoding: 'br' | 'gzip'): Buffer {
  const key = `${file}\u0000${stat.mtimeMs}\u0000${stat.size}\u0000${encoding}`
  let body = compressedCache.get(key)
  if (!body) {
    const raw = fs.readFileSync(file)
    body =
      encoding === 'br'
        ? zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9 } })
        : zlib.gzipSync(raw, { level: 9 })
    compressedCache.set(key, body)
  }
  return body
}

/**
 * The H5 build: compressed (brotli, else gzip) for clients that accept it; hashed assets cached for a
 * year (immutable), everything else revalidated by ETag (304 when unchanged).
 */
function serveStatic(staticDir: string, req: http.IncomingMessage, urlPath: string, res: http.ServerResponse) {
  const relative = decodeURIComponent(urlPath.split('?')[0]).replace(/^\/+/, '') || 'index.html'
  let file = path.resolve(staticDir, relative)
  if (!file.startsWith(path.resolve(staticDir))) return send(res, 403, { error: 'forbidden' })
  if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(staticDir, 'index.html')
  if (!fs.existsSync(file)) return send(res, 404, { error: 'H5 build missing: run npm run build:h5' })
  const stat = fs.statSync(file)
  const ext = path.extname(file)
  const etag = `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`
  const headers: Record<string, string> = {
    'content-type': contentTypes[ext] ?? 'application/octet-stream',
    'cache-control': HASHED_ASSET.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache',
    etag,
    vary: 'accept-encoding',
  }
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers)
    return res.end()
  }
  const encoding = encodingFor(req, ext)
  if (!encoding) {
    res.writeHead(200, { ...headers, 'content-length': String(stat.size) })
    return fs.createReadStream(file).pipe(res)
  }
  const body = compressed(file, stat, encoding)
  res.writeHead(200, { ...headers, 'content-encoding': encoding, 'content-length': String(body.length) })
  res.end(body)
}

/** The path part of the check-in link prefix, when it is a URL. */
function pathOf(prefix: string): string | null {
  try {
    return new URL(prefix).pathname
  } catch {
    return null
  }
}

export function createServer({ runtime, staticDir }: ServerOptions): http.Server {
  const controls = devControls(runtime)
  const checkinPath = runtime.env.checkinUrlPrefix ? pathOf(runtime.env.checkinUrlPrefix) : null
  // 扫普通链接二维码打开小程序 asks for a verification file at the link's domain (README).
  const verifyFile = process.env.WX_LINK_VERIFY_FILE ? `/${process.env.WX_LINK_VERIFY_FILE}` : null
  return http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    try {
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          'access-control-allow-origin': '*',
          'access-control-allow-headers': 'content-type, x-openid, x-cabinet-id, x-timestamp, x-signature',
          'access-control-allow-methods': 'POST, GET',
        })
        return res.end()
      }
      const cloudMatch = /^\/cloud\/([A-Za-z]+)$/.exec(url.pathname)
      if (cloudMatch && req.method === 'POST') {
        const name = cloudMatch[1]
        if (!runtime.deploy(name)) {
          req.resume()
          return send(res, 404, envelope('NOT_FOUND', `没有这个云函数：${name}`))
        }
        const raw = await readBody(req)
        if (HTTP_FUNCTIONS.has(name)) {
          const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), String(v)]))
          const event = { path: url.pathname, httpMethod: 'POST', headers, queryStringParameters: {}, body: raw, isBase64Encoded: false }
          const answer = await runtime.invoke(name, event, { OPENID: '', SOURCE: 'wx_http' })
          return send(res, answer?.statusCode ?? 200, answer?.body ?? '', answer?.headers ?? {})
        }
        let data: unknown
        try {
          data = raw ? JSON.parse(raw) : {}
        } catch {
          return send(res, 200, envelope('INVALID_ARGUMENT', '请求不是有效的 JSON'))
        }
        // Outside local mode nothing stands for the WeChat context: the call is anonymous.
        const openid = runtime.local ? String(req.headers['x-openid'] ?? '') : ''
        const answer = await runtime.invoke(name, data, { OPENID: openid, SOURCE: 'wx_client' })
        return send(res, 200, answer, { 'access-control-allow-origin': '*' })
      }
      if (url.pathname.startsWith('/__local/')) {
        if (!runtime.local) return send(res, 403, envelope('FORBIDDEN', '仅本地模式可用'))
        // wx.cloud.uploadFile of the H5 app: a signed-in user's file under imports/ (what functions import
        // from), or a picture under covers/ or photos/ (what functions/_lib/media.ts accepts).
        if (req.method === 'POST' && url.pathname.startsWith('/__local/storage/')) {
          const cloudPath = decodeURIComponent(url.pathname.slice('/__local/storage/'.length))
          const media = MEDIA_PATH.exec(cloudPath)
          if (!req.headers['x-openid'] || !(media || /^imports\/[A-Za-z0-9_-]+\/[A-Za-z0-9_.-]+$/.test(cloudPath))) {
            return send(res, 403, envelope('FORBIDDEN', '只能上传到 imports/、covers/ 或 photos/ 目录'))
          }
          // Storage with "仅创建者可读写" lets nobody write over another's file; picture names are random, so
          // an existing name is never the uploader's own new picture.
          if (media && (await runtime.cloud.storage.read(cloudPath))) return send(res, 403, envelope('FORBIDDEN', '文件已存在'))
          const limit = media ? MAX_IMAGE_BYTES : MAX_UPLOAD_BYTES
          let content: Buffer
          try {
            content = await readBytes(req, limit)
          } catch (error) {
            if (!(error instanceof BodyTooLarge)) throw error
            res.setHeader('connection', 'close')
            return send(res, 413, envelope('INVALID_ARGUMENT', media ? IMAGE_TOO_LARGE : '文件超过 5 MB'))
          }
          const problem = media && imageProblem(content, media[3])
          if (problem) return send(res, 415, envelope('INVALID_ARGUMENT', problem))
          return send(res, 200, { fileID: await runtime.cloud.storage.write(cloudPath, content) })
        }
        const raw = req.method === 'POST' ? await readBody(req) : ''
        let body: unknown
        try {
          body = raw ? JSON.parse(raw) : {}
        } catch {
          return send(res, 400, envelope('INVALID_ARGUMENT', '请求不是有效的 JSON'))
        }
        if (typeof body !== 'object' || body === null || Array.isArray(body))
          return send(res, 400, envelope('INVALID_ARGUMENT', '请求应为 JSON 对象'))
        const answer = await controls(req.method ?? 'GET', url, body)
        if (answer.raw) {
          res.writeHead(answer.status, { 'content-type': answer.contentType ?? 'application/octet-stream' })
          return res.end(answer.raw)
        }
        return send(res, answer.status, answer.body)
      }
      // Local mode: on a wide screen the app's entry page moves into the console's phone frame.
      if (staticDir && req.method === 'GET' && runtime.local && (url.pathname === '/' || url.pathname === '/index.html')) {
        const index = path.join(staticDir, 'index.html')
        if (fs.existsSync(index))
          return send(res, 200, withFrameRedirect(fs.readFileSync(index, 'utf8')), { 'content-type': 'text/html; charset=utf-8' })
      }
      if (req.method === 'GET' && verifyFile && url.pathname === verifyFile) {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' })
        return res.end(process.env.WX_LINK_VERIFY_CONTENT ?? '')
      }
      // The check-in link opened in a browser: the H5 app's check-in page, as WeChat opens the mini-program's.
      if (req.method === 'GET' && checkinPath && url.pathname === checkinPath && staticDir) {
        res.writeHead(302, { location: `/#/${CODE_PAGES.checkin}?t=${encodeURIComponent(url.searchParams.get('t') ?? '')}` })
        return res.end()
      }
      if (staticDir && req.method === 'GET') return serveStatic(staticDir, req, url.pathname, res)
      return send(res, 404, envelope('NOT_FOUND', '没有这个地址'))
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        // Past the drain limit the client is still sending: answer, then stop reading.
        res.setHeader('connection', 'close')
        return send(res, 413, TOO_LARGE)
      }
      // A function that ran past its timeout (cloudbaserc.json) fails as on CloudBase: the caller gets a timeout.
      if ((error as { errCode?: number })?.errCode === TIMEOUT_ERR_CODE) {
        return send(res, 504, {
          ok: false,
          code: 'TIMEOUT',
          message: '请求超时，请稍后重试',
          errCode: TIMEOUT_ERR_CODE,
          errMsg: (error as Error).message,
        })
      }
      console.error(error)
      return send(res, 500, { ok: false, code: 'INTERNAL', message: '服务暂时不可用，请稍后重试' })
    }
  })
}
