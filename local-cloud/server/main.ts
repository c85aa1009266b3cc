/**
 * `npm start`: the local cloud (CONTRACT.md) serving the H5 app and the cloud functions, with its
 * data in LOCAL_CLOUD_DIR (default .local-cloud/, git-ignored), seeded on first start.
 */
import fs from 'node:fs'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { cabinetSimulator } from '../cabinet-simulator'
import { createLocalRuntime } from '../runtime'
import { createServer } from './server'

/** How long a clean shutdown waits for requests being answered (a function may run up to 60 s; ours answer in well under 10). */
const SHUTDOWN_WAIT_MS = 10_000

async function main() {
  const root = path.resolve(__dirname, '..', '..')
  const dataDir = path.resolve(process.env.LOCAL_CLOUD_DIR ?? path.join(root, '.local-cloud'))
  fs.mkdirSync(dataDir, { recursive: true })
  const port = Number(process.env.PORT ?? 10086)
  // Local mode is the point of this server; LOCAL_MODE=0 shows how it behaves without it.
  const local = process.env.LOCAL_MODE !== '0'
  const runtime = await createLocalRuntime({ dataDir, local })
  const server = createServer({ runtime, staticDir: path.join(root, 'build', 'h5') })
  // The simulated bookcases stay online while the server runs (and right after the clock is advanced).
  if (local) cabinetSimulator(runtime).startHeartbeats()
  // Requests being answered; a clean shutdown lets them finish before the store closes.
  const inFlight = new Set<Promise<void>>()
  server.on('request', (_req, res) => {
    const done = new Promise<void>((resolve) => res.on('close', resolve))
    inFlight.add(done)
    void done.then(() => inFlight.delete(done))
  })
  server.listen(port, () => {
    const { port: actual } = server.address() as AddressInfo
    console.log(`本地云已启动：http://localhost:${actual}/  （数据目录 ${dataDir}${local ? '' : '，非本地模式'}）`)
    if (local) console.log(`控制台：http://localhost:${actual}/__local/console/ （宽屏打开小程序地址也会进入控制台）`)
  })
  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`${signal}：不再接受请求，等待 ${inFlight.size} 个进行中的请求完成`)
    server.close()
    cabinetSimulator(runtime).stop()
    // A kept-alive connection may still bring a request: wait until none is in flight, closing idle ones.
    const deadline = Date.now() + SHUTDOWN_WAIT_MS
    while (inFlight.size > 0 && Date.now() < deadline) {
      server.closeIdleConnections()
      await Promise.race([Promise.all(inFlight), new Promise((resolve) => setTimeout(resolve, 50))])
    }
    const waited = inFlight.size === 0
    server.closeAllConnections()
    if (!waited) console.error(`${SHUTDOWN_WAIT_MS} ms 后仍有请求未完成，强制关闭`)
    await runtime.close()
    process.exit(waited ? 0 : 1)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
