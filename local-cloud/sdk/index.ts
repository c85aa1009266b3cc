/**
 * The local implementation of the `wx-server-sdk` surface the cloud functions use (`CloudSdk`).
 *
 * The database part IS the real `wx-server-sdk` (its `@cloudbase/database` query builder, serializers,
 * argument checks, results, errors and `runTransaction`), with its network transport replaced by a local
 * database service (see store.ts for the semantics). Payments, subscription messages and storage are
 * simulations with production's shapes and refusals. See README.md.
 */
import { randomBytes } from 'crypto'
import type { CloudSdk, CloudPayOrder, CloudPayOrderQuery, CloudPayRefund, WXContext } from '../../functions/_lib/sdk'
import type { CollectionSpec } from '../../database/collections'
import { DatabaseBackend, MAX_LIMIT } from './backend'
import { SubscribeMessages, SentMessage, Consent } from './messages'
import { localPhoneNumber } from './phonenumber'
import { Invoke, Order, Payments, Refund, WXContextLike } from './payments'
import { LocalStorage, FILE_ID_PREFIX, toBuffer } from './storage'
import { DocumentStore } from './store'
import { DYNAMIC_CURRENT_ENV, createWxInstance, loadWx, sdkError, unregisterEnv } from './wx'
import { localUnlimitedCode } from './wxacode'
import { appPages } from './app-pages'

export type { Order, Refund, SentMessage, WXContextLike, Invoke, Consent }

/** What a function's config.json grants it: `permissions.openapi`. */
export interface FunctionConfig {
  openapi?: readonly string[]
}

/**
 * WeChat's refusal of an openapi call the function did not declare: the service answers errorCode
 * -604101, which wx-server-sdk 3.0.4 (callGeneralOpenAPI → CloudSDKError) delivers as errCode -604101,
 * errMsg "system error: error code: -604101" and message "errCode: -604101 function has no permission
 * to call this API | errMsg: …". https://developers.weixin.qq.com/miniprogram/dev/wxcloud/guide/openapi/openapi.html
 */
export const NO_OPENAPI_PERMISSION = -604101

function noOpenapiPermission(): Error & { errCode: number; errMsg: string } {
  const errMsg = `system error: error code: ${NO_OPENAPI_PERMISSION}`
  const err = new Error(`errCode: ${NO_OPENAPI_PERMISSION} function has no permission to call this API | errMsg: ${errMsg}`) as Error & {
    errCode: number
    errMsg: string
  }
  err.errCode = NO_OPENAPI_PERMISSION
  err.errMsg = errMsg
  return err
}
export { MAX_LIMIT, DYNAMIC_CURRENT_ENV }

export interface LocalCloudOptions {
  /** nedb files are kept here (`db/`, `local/`, `storage/`); undefined = in memory (tests) */
  dataDir?: string
  /** serverDate() and every time stamp come from this clock, never from Date.now() */
  clock: { now(): Date }
  /** the collections to create, with their indexes (unique ones enforced) */
  collections: CollectionSpec[]
  /** runs a cloud function: used by callFunction and by payment/refund callbacks */
  invoke: Invoke
  /**
   * Refuse operations on collections not in `collections`, as CloudBase does for a collection that was
   * never created (DATABASE_COLLECTION_NOT_EXIST). Default true.
   */
  strictCollections?: boolean
  /** Told of every request that reaches the database service (one billed DB request each). */
  onDatabaseRequest?: (action: string, params: any) => void
  /** A transaction not committed within this time is rolled back (CloudBase: 10 s). Default 10000. */
  transactionTimeoutMs?: number
}

export interface LocalCloud {
  /** This cloud's environment id: what getWXContext().ENV says and cloudPay's `envId` must name. */
  envId: string
  /**
   * An object shaped like `wx-server-sdk`, for one invocation with this WeChat context, of a function
   * whose config.json declares `permissions.openapi` (other openapi calls are refused with -604101).
   */
  sdkFor(context: { OPENID: string; SOURCE: string; APPID?: string; UNIONID?: string }, config?: FunctionConfig): CloudSdk
  payments: {
    list(): Promise<Order[]>
    get(outTradeNo: string): Promise<Order | undefined>
    /** The user paid (succeed) or the payment failed: calls the order's callback function. */
    settle(outTradeNo: string, succeed: boolean, options?: { notify?: boolean }): Promise<any>
    /** Pretend the order was paid at `paidAt` (refunds of orders paid over a year ago are refused). */
    backdate(outTradeNo: string, paidAt: Date): Promise<void>
  }
  refunds: {
    list(): Promise<Refund[]>
    /** Complete a refund and call its callback function, if any (WeChat Pay refunds asynchronously). */
    settle(outRefundNo: string, succeed?: boolean): Promise<any>
  }
  subscribeMessages: {
    list(): Promise<SentMessage[]>
    /** The user accepted these templates in `wx.requestSubscribeMessage` (one send each). */
    accept(openid: string, templateIds: string[]): Promise<void>
    consents(): Promise<Consent[]>
  }
  storage: {
    read(fileIdOrUrl: string): Promise<Buffer | undefined>
    /** What the mini-program's wx.cloud.uploadFile does: stores the file, answers its fileID. */
    write(cloudPath: string, content: Buffer): Promise<string>
  }
  /** Resolves once the data is loaded (every operation waits for it anyway). */
  ready(): Promise<void>
  /** Drop everything: documents, payments, refunds, messages, files. */
  reset(): Promise<void>
  close(): Promise<void>
}

let envCounter = 0

export function createLocalCloud(options: LocalCloudOptions): LocalCloud {
  const now = () => new Date(options.clock.now().getTime())
  const { EJSON } = loadWx()
  const store = new DocumentStore({
    dataDir: options.dataDir,
    collections: options.collections,
    now,
    strictCollections: options.strictCollections ?? true,
    transactionTimeoutMs: options.transactionTimeoutMs ?? 10_000,
  })
  let failure: unknown
  const opened = store.open().catch((e) => {
    failure = e
  })
  const ready = async () => {
    await opened
    if (failure) throw failure
  }
  const envId = `local-cloud-${++envCounter}-${randomBytes(4).toString('hex')}`
  const backend = new DatabaseBackend(store, EJSON, now, ready, options.onDatabaseRequest)
  const wxInstance = createWxInstance(envId, backend)
  const payments = new Payments(options.dataDir, now, options.invoke, envId)
  const messages = new SubscribeMessages(options.dataDir, now)
  const storage = new LocalStorage(options.dataDir)

  function database(initConfig: Record<string, any>, config: Record<string, any> = {}): any {
    const { env: _env, ...rest } = config ?? {}
    void _env
    const cfg: Record<string, any> = { ...rest }
    if (initConfig.throwOnNotFound !== undefined && cfg.throwOnNotFound === undefined) cfg.throwOnNotFound = initConfig.throwOnNotFound
    const real = wxInstance.database(cfg)
    return {
      collection: (name: string) => real.collection(name),
      command: real.command,
      serverDate: real.serverDate,
      RegExp: real.RegExp,
      Geo: real.Geo,
      createCollection: (name: string) => real.createCollection(name),
      runTransaction: (fn: (t: any) => Promise<any>, times?: number) => real.runTransaction((t: any) => fn(restrictTransaction(t)), times),
      startTransaction: async () => restrictTransaction(await real.startTransaction()),
    }
  }

  function sdkFor(
    context: { OPENID: string; SOURCE: string; APPID?: string; UNIONID?: string },
    functionConfig: FunctionConfig = {},
  ): CloudSdk {
    const ctx: WXContextLike = { ...context }
    const declared = new Set(functionConfig.openapi ?? [])
    const permitted =
      <A extends unknown[], R>(api: string, call: (...args: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        if (!declared.has(api)) throw noOpenapiPermission()
        return call(...args)
      }
    const initConfig: Record<string, any> = {}
    const wxContext = (): WXContext => ({
      ...(context as any),
      OPENID: context.OPENID,
      APPID: context.APPID ?? 'local-appid',
      SOURCE: context.SOURCE,
      ENV: envId,
    })
    const sdk: CloudSdk & Record<string, any> = {
      DYNAMIC_CURRENT_ENV,
      init(opts?: Record<string, any>) {
        if (opts && opts.throwOnNotFound !== undefined) initConfig.throwOnNotFound = opts.throwOnNotFound
      },
      database: ((config?: Record<string, any>) => database(initConfig, config)) as any,
      getWXContext: wxContext,
      async callFunction(opts: { name: string; data?: Record<string, any> }) {
        const api = 'callFunction'
        if (!opts || typeof opts.name !== 'string' || !opts.name) throw sdkError(api, -1, 'name must be a non-empty string')
        if (opts.data !== undefined && (typeof opts.data !== 'object' || opts.data === null)) {
          throw sdkError(api, -1, 'data must be an object')
        }
        const requestId = randomBytes(8).toString('hex')
        const event = JSON.parse(JSON.stringify(opts.data ?? {}))
        const callee: WXContextLike = { ...ctx, SOURCE: `${context.SOURCE},scf` }
        let result: any
        try {
          result = await options.invoke(opts.name, event, callee)
        } catch (e) {
          const err = sdkError(api, -504002, `functions execute fail. requestID ${requestId}, ${(e as Error)?.stack ?? String(e)}`)
          throw err
        }
        // results travel as JSON in production (Dates become strings)
        const json = result === undefined ? null : JSON.parse(JSON.stringify(result))
        return { result: json, errMsg: `${api}:ok`, requestID: requestId }
      },
      async uploadFile(opts: { cloudPath: string; fileContent: Buffer | string }) {
        const api = 'uploadFile'
        const cloudPath = LocalStorage.cloudPathOf(opts?.cloudPath)
        if (!cloudPath || opts.cloudPath.startsWith('/')) throw sdkError(api, -1, 'cloudPath must be a relative path such as dir/name.png')
        const content = await toBuffer(opts.fileContent)
        if (!content) throw sdkError(api, -1, 'fileContent must be a Buffer, a string or a readable stream')
        await storage.write(cloudPath, content)
        return { fileID: FILE_ID_PREFIX + cloudPath, statusCode: 204, errMsg: `${api}:ok` }
      },
      async getTempFileURL(opts: { fileList: (string | { fileID: string; maxAge?: number })[] }) {
        const api = 'getTempFileURL'
        if (!opts || !Array.isArray(opts.fileList)) throw sdkError(api, -1, 'fileList must be an array')
        // "一次最多取 50 个": https://developers.weixin.qq.com/miniprogram/dev/wxcloudservice/wxcloud/reference-sdk-api/storage/Cloud.getTempFileURL.md
        if (opts.fileList.length > 50) throw sdkError(api, -1, 'fileList length must be less than or equal to 50')
        const fileList = await Promise.all(
          opts.fileList.map(async (item) => {
            const fileID = typeof item === 'string' ? item : item?.fileID
            const maxAge = typeof item === 'object' && item?.maxAge ? item.maxAge : 86400
            const p = LocalStorage.cloudPathOf(fileID)
            if (!p || !(await storage.read(fileID))) {
              return { fileID, tempFileURL: '', maxAge, status: -503003, errMsg: 'STORAGE_FILE_NONEXIST: file not exist' }
            }
            // Like COS's signed links, the URL stops working after maxAge seconds (the server checks `expires`).
            const expires = now().getTime() + maxAge * 1000
            return { fileID, tempFileURL: `${LocalStorage.url(p)}?expires=${expires}`, maxAge, status: 0, errMsg: 'ok' }
          }),
        )
        return { fileList, errMsg: `${api}:ok` }
      },
      async downloadFile(opts: { fileID: string }) {
        const api = 'downloadFile'
        const content = await storage.read(opts?.fileID)
        if (!content) throw sdkError(api, -503003, 'storage file not exists')
        return { fileContent: content, statusCode: 200, errMsg: `${api}:ok` }
      },
      async deleteFile(opts: { fileList: string[] }) {
        const api = 'deleteFile'
        if (!opts || !Array.isArray(opts.fileList)) throw sdkError(api, -1, 'fileList must be an array')
        const fileList = await Promise.all(
          opts.fileList.map(async (fileID) =>
            (await storage.remove(fileID))
              ? { fileID, status: 0, errMsg: 'ok' }
              : { fileID, status: -503003, errMsg: 'STORAGE_FILE_NONEXIST: file not exist' },
          ),
        )
        return { fileList, errMsg: `${api}:ok` }
      },
      cloudPay: {
        unifiedOrder: (order: CloudPayOrder) => payments.unifiedOrder(order as any, ctx),
        queryOrder: (query: CloudPayOrderQuery) => payments.queryOrder(query as any, ctx),
        refund: (refund: CloudPayRefund) => payments.refund(refund as any, ctx),
      },
      openapi: {
        subscribeMessage: {
          send: permitted('subscribeMessage.send', (message: Parameters<CloudSdk['openapi']['subscribeMessage']['send']>[0]) =>
            messages.send(message, ctx),
          ),
        },
        phonenumber: {
          getPhoneNumber: permitted('phonenumber.getPhoneNumber', async (request: { code: string }) =>
            localPhoneNumber(request, wxContext().APPID!, now()),
          ),
        },
        wxacode: {
          getUnlimited: permitted('wxacode.getUnlimited', async (request: Parameters<CloudSdk['openapi']['wxacode']['getUnlimited']>[0]) =>
            localUnlimitedCode(request, appPages, appPages()[0]),
          ),
        },
      },
    }
    return sdk
  }

  return {
    envId,
    sdkFor,
    payments: {
      list: () => payments.orders.list(),
      get: (outTradeNo) => payments.orders.get(outTradeNo),
      settle: (outTradeNo, succeed, settleOptions) => payments.settle(outTradeNo, succeed, settleOptions),
      backdate: (outTradeNo, paidAt) => payments.backdate(outTradeNo, paidAt),
    },
    refunds: {
      list: () => payments.refunds.list(),
      settle: (outRefundNo, succeed = true) => payments.settleRefund(outRefundNo, succeed),
    },
    subscribeMessages: {
      list: () => messages.book.list(),
      accept: (openid, templateIds) => messages.accept(openid, templateIds),
      consents: () => messages.consents.list(),
    },
    storage: {
      read: (ref) => storage.read(ref),
      async write(cloudPath, content) {
        await storage.write(cloudPath, content)
        return FILE_ID_PREFIX + cloudPath
      },
    },
    ready,
    async reset() {
      await ready()
      await store.reset()
      await payments.clear()
      await messages.clear()
      await storage.clear()
    },
    async close() {
      await opened
      await store.close()
      await payments.close()
      await messages.close()
      unregisterEnv(envId)
    },
  }
}

const TX_REFUSED =
  'only single-document operations are allowed in a transaction: use transaction.collection(name).doc(id).get/set/update/remove or transaction.collection(name).add'

/** A query on a transaction's collection: builds, but every operation fails (CloudBase restriction). */
function refusedQuery(): any {
  const fail = (api: string) => () => Promise.reject(sdkError(api, -502001, `database request fail. [InvalidOperation] ${TX_REFUSED}`))
  const q: any = {
    get: fail('collection.get'),
    count: fail('collection.count'),
    update: fail('collection.update'),
    remove: fail('collection.remove'),
    watch: () => {
      throw sdkError('collection.watch', -502001, TX_REFUSED)
    },
  }
  for (const m of ['where', 'orderBy', 'limit', 'skip', 'field']) q[m] = () => q
  return q
}

/** The transaction object handed to functions: only doc() and add() on its collections. */
function restrictTransaction(t: any): any {
  return {
    collection(name: string) {
      const c = t.collection(name)
      return { ...refusedQuery(), doc: (id: string) => c.doc(id), add: (o: any) => c.add(o), aggregate: refusedQuery().watch }
    },
    commit: () => t.commit(),
    rollback: (reason?: unknown) => t.rollback(reason),
  }
}
