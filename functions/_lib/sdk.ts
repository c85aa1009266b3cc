/**
 * The part of `wx-server-sdk` the cloud functions use. Production passes the real SDK (it has this
 * shape); the local cloud passes its own implementation. Keep this list to what functions really call,
 * so the local implementation can be faithful to all of it.
 */

export type Doc = Record<string, any> & { _id?: string }

export interface WXContext {
  OPENID: string
  APPID?: string
  UNIONID?: string
  /** wx_client (mini-program), wx_paycallback (WeChat Pay), wx_trigger (timed trigger), wx_http (HTTP) … */
  SOURCE: string
  ENV?: string
}

export interface QueryResult<T = Doc> {
  data: T[]
}

export interface Query<T = Doc> {
  where(condition: Record<string, any>): Query<T>
  orderBy(field: string, direction: 'asc' | 'desc'): Query<T>
  skip(n: number): Query<T>
  limit(n: number): Query<T>
  field(projection: Record<string, boolean | 0 | 1>): Query<T>
  get(): Promise<QueryResult<T>>
  count(): Promise<{ total: number }>
  update(options: { data: Record<string, any> }): Promise<{ stats: { updated: number } }>
  remove(): Promise<{ stats: { removed: number } }>
}

export interface DocumentRef<T = Doc> {
  get(): Promise<{ data: T }>
  set(options: { data: Record<string, any> }): Promise<{ _id: string; stats: { updated: number; created: number } }>
  update(options: { data: Record<string, any> }): Promise<{ stats: { updated: number } }>
  remove(): Promise<{ stats: { removed: number } }>
}

/** An aggregation pipeline (`collection.aggregate()`); without `limit()` it answers at most 20 results. */
export interface Aggregate {
  match(condition: Record<string, any>): Aggregate
  group(spec: Record<string, any>): Aggregate
  sort(spec: Record<string, 1 | -1>): Aggregate
  limit(n: number): Aggregate
  project(spec: Record<string, any>): Aggregate
  end(): Promise<{ list: Doc[] }>
}

export interface Collection<T = Doc> extends Query<T> {
  doc(id: string): DocumentRef<T>
  add(options: { data: Record<string, any> }): Promise<{ _id: string }>
  aggregate(): Aggregate
}

export interface TransactionCollection<T = Doc> {
  doc(id: string): DocumentRef<T>
  add(options: { data: Record<string, any> }): Promise<{ _id: string }>
}

export interface Transaction {
  collection<T = Doc>(name: string): TransactionCollection<T>
  commit(): Promise<void>
  rollback(reason?: unknown): Promise<void>
}

export interface Database {
  collection<T = Doc>(name: string): Collection<T>
  /** The SDK's query and update operators (`db.command`): eq, neq, gt, gte, lt, lte, in, nin, and, or, exists, inc, set, remove, push, pull, addToSet … */
  command: any
  serverDate(options?: { offset?: number }): any
  RegExp(options: { regexp: string; options?: string }): any
  runTransaction<R>(fn: (transaction: Transaction) => Promise<R>, retries?: number): Promise<R>
  startTransaction(): Promise<Transaction>
}

export interface CloudPayOrder {
  body: string
  outTradeNo: string
  spbillCreateIp: string
  subMchId: string
  totalFee: number
  envId: string
  functionName: string
  nonceStr?: string
  tradeType?: string
}

/** CloudPay.queryOrder: one of outTradeNo / transactionId. */
export interface CloudPayOrderQuery {
  subMchId: string
  outTradeNo?: string
  transactionId?: string
  nonceStr: string
}

export interface CloudPayRefund {
  outTradeNo: string
  outRefundNo: string
  totalFee: number
  refundFee: number
  subMchId: string
  envId: string
  functionName: string
  nonceStr?: string
}

export interface CloudSdk {
  DYNAMIC_CURRENT_ENV: any
  init(options?: { env?: any }): void
  database(): Database
  getWXContext(): WXContext
  callFunction(options: { name: string; data?: Record<string, any> }): Promise<{ result: any }>
  uploadFile(options: { cloudPath: string; fileContent: Buffer | string }): Promise<{ fileID: string }>
  getTempFileURL(options: {
    fileList: (string | { fileID: string; maxAge: number })[]
  }): Promise<{ fileList: { fileID: string; tempFileURL: string; status: number }[] }>
  downloadFile(options: { fileID: string }): Promise<{ fileContent: Buffer }>
  cloudPay: {
    unifiedOrder(order: CloudPayOrder): Promise<Record<string, any>>
    queryOrder(query: CloudPayOrderQuery): Promise<Record<string, any>>
    refund(refund: CloudPayRefund): Promise<Record<string, any>>
  }
  openapi: {
    subscribeMessage: {
      send(message: {
        touser: string
        templateId: string
        page?: string
        data: Record<string, { value: string }>
        miniprogramState?: string
      }): Promise<{ errCode: number; errMsg: string }>
    }
    /** Exchanges the code of a getPhoneNumber button (single use, valid 5 minutes) for the bound phone. */
    phonenumber: {
      getPhoneNumber(request: { code: string }): Promise<{
        errCode: number
        errMsg: string
        phoneInfo: { phoneNumber: string; purePhoneNumber: string; countryCode: string | number }
      }>
    }
    /** A mini-program code opening `page` with `scene` (≤ 32 chars) as its query; the image in `buffer`. */
    wxacode: {
      getUnlimited(request: {
        scene: string
        page?: string
        checkPath?: boolean
        width?: number
        envVersion?: 'release' | 'trial' | 'develop'
      }): Promise<{ errCode: number; errMsg: string; contentType: string; buffer: Buffer }>
    }
  }
}
