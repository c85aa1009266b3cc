/**
 * `npm start`: the local cloud (CONTRACT.md) serving the H5 app and the cloud functions, with its
 * data in LOCAL_CLOUD_DIR (default .local-cloud/, git-ignored), seeded on first start.
 */
import fs from 'node:fs'
import path from 'node:path'
import { cabinetSimulator } from '../cabinet-simulator'
import { createLocalRuntime } from '../runtime'
import { createServer } from './server'

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
  server.listen(port, () => {
    console.log(`本地云已启动：http://localhost:${port}/  （数据目录 ${dataDir}${local ? '' : '，非本地模式'}）`)
    if (local) console.log(`控制台：http://localhost:${port}/__local/console/ （宽屏打开小程序地址也会进入控制台）`)
  })
  const stop = async () => {
    server.close()
    cabinetSimulator(runtime).stop()
    await runtime.close()
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
