import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import type { LocalRuntime } from '../runtime'
import { devControls } from './dev-controls'
import { CODE_PAGES } from '../../domain/links'

/** Functions reached over HTTP in production (HTTP access service): they get the request, not `data`. */
const HTTP_FUNCTIONS = new Set(['cabinetGateway'])
const MAX_BODY_BYTES = 256 * 1024
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

function readBytes(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        reject(new Error('body too large'))
        req.destroy()
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

const readBody = async (req: http.IncomingMessage) => (await readBytes(req, MAX_BODY_BYTES)).toString('utf8')

function serveStatic(staticDir: string, urlPath: string, res: http.ServerResponse) {
  const relative = decodeURIComponent(urlPath.split('?')[0]).replace(/^\/+/, '') || 'index.html'
  let file = path.resolve(staticDir, relative)
  if (!file.startsWith(path.resolve(staticDir))) return send(res, 403, { error: 'forbidden' })
  if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(staticDir, 'index.html')
  if (!fs.existsSync(file)) return send(res, 404, { error: 'H5 build missing: run npm run build:h5' })
  res.writeHead(200, { 'content-type': contentTypes[path.extname(file)] ?? 'application/octet-stream' })
  fs.createReadStream(file).pipe(res)
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
  const checkinPath = pathOf(runtime.env.checkinUrlPrefix)
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
        let raw: string
        try {
          raw = await readBody(req)
        } catch {
          return send(res, 413, { ok: false, code: 'INVALID_ARGUMENT', message: '请求内容过大' })
        }
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
          return send(res, 200, { ok: false, code: 'INVALID_ARGUMENT', message: '请求不是有效的 JSON' })
        }
        // Outside local mode nothing stands for the WeChat context: the call is anonymous.
        const openid = runtime.env.local ? String(req.headers['x-openid'] ?? '') : ''
        const answer = await runtime.invoke(name, data, { OPENID: openid, SOURCE: 'wx_client' })
        return send(res, 200, answer, { 'access-control-allow-origin': '*' })
      }
      if (url.pathname.startsWith('/__local/')) {
        if (!runtime.env.local) return send(res, 403, { ok: false, code: 'FORBIDDEN', message: '仅本地模式可用' })
        // wx.cloud.uploadFile of the H5 app: a signed-in user's file under imports/ (what functions import from).
        if (req.method === 'POST' && url.pathname.startsWith('/__local/storage/')) {
          const cloudPath = decodeURIComponent(url.pathname.slice('/__local/storage/'.length))
          if (!req.headers['x-openid'] || !/^imports\/[A-Za-z0-9_-]+\/[A-Za-z0-9_.-]+$/.test(cloudPath)) {
            return send(res, 403, { ok: false, message: '只能上传到 imports/ 目录' })
          }
          let content: Buffer
          try {
            content = await readBytes(req, MAX_UPLOAD_BYTES)
          } catch {
            return send(res, 413, { ok: false, message: '文件超过 5 MB' })
          }
          return send(res, 200, { fileID: await runtime.cloud.storage.write(cloudPath, content) })
        }
        const raw = req.method === 'POST' ? await readBody(req) : ''
        const answer = await controls(req.method ?? 'GET', url, raw ? JSON.parse(raw) : {})
        if (answer.raw) {
          res.writeHead(answer.status, { 'content-type': answer.contentType ?? 'application/octet-stream' })
          return res.end(answer.raw)
        }
        return send(res, answer.status, answer.body)
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
      if (staticDir && req.method === 'GET') return serveStatic(staticDir, url.pathname, res)
      return send(res, 404, { error: 'not found' })
    } catch (error) {
      console.error(error)
      return send(res, 500, { ok: false, code: 'INTERNAL', message: '服务暂时不可用，请稍后重试' })
    }
  })
}
