/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.svg'
declare module '*.scss'

/** Replaced at build time (config/index.ts). */
declare const LOCAL_CLOUD_URL: string
declare const CLOUD_ENV_ID: string

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV: 'weapp' | 'h5' | undefined
  }
}
