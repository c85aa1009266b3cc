import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import TsconfigPathsPlugin from 'tsconfig-paths-webpack-plugin'
import { LowerSyntaxPlugin } from './lower-syntax'

/**
 * One config for the three builds: the weapp app, the H5 app (local demo, browser tests) and the
 * screens as native components (screen tests). Each writes to its own folder under build/.
 */
const nativeComponents = process.argv.includes('native-components')
const platform = process.env.TARO_ENV ?? 'weapp'
const outputRoot = nativeComponents ? 'build/weapp-components' : `build/${platform}`

// Domain modules live beside src/ (the cloud functions share them) and need compiling too.
const domainDir = path.resolve(__dirname, '..', 'domain')

export default defineConfig<'webpack5'>(async (merge) => {
  const base: UserConfigExport<'webpack5'> = {
    projectName: 'union-services',
    date: '2026-11-23',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot,
    plugins: [],
    defineConstants: {
      // The H5 app talks to the local cloud; empty means "same origin".
      LOCAL_CLOUD_URL: JSON.stringify(process.env.LOCAL_CLOUD_URL ?? ''),
      CLOUD_ENV_ID: JSON.stringify(process.env.CLOUD_ENV_ID ?? ''),
    },
    alias: {
      '@domain': path.resolve(__dirname, '..', 'domain'),
      '@': path.resolve(__dirname, '..', 'src'),
    },
    // WeChat reads sitemap.json (which pages search may index) from the mini-program root; the map's
    // marker icons are files by path (附近书柜), in the bookcase subpackage.
    copy: {
      patterns:
        platform === 'weapp' && !nativeComponents
          ? [
              { from: 'src/sitemap.json', to: `${outputRoot}/sitemap.json` },
              { from: 'src/packages/bookcase/assets', to: `${outputRoot}/packages/bookcase/assets` },
            ]
          : [],
      options: {},
    },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      compile: { include: [domainDir] },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin)
        chain.plugin('lower-syntax').use(LowerSyntaxPlugin)
      },
    },
    h5: {
      compile: { include: [domainDir] },
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: { filename: 'js/[name].[hash:8].js', chunkFilename: 'js/[name].[chunkhash:8].js' },
      miniCssExtractPluginOption: { ignoreOrder: true, filename: 'css/[name].[hash].css', chunkFilename: 'css/[name].[chunkhash].css' },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin)
      },
    },
  }
  return merge({}, base)
})
