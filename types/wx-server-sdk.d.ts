// wx-server-sdk ships no types; functions use it through CloudSdk (functions/_lib/sdk.ts).
declare module 'wx-server-sdk' {
  const cloud: { init(options?: { env?: unknown }): void; DYNAMIC_CURRENT_ENV: unknown; [key: string]: any }
  export default cloud
  export = cloud
}
