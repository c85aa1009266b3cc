import { transform } from 'esbuild'
import type { Compiler } from 'webpack'

/**
 * WeChat clients run mini-program code on their own JS engines; older ones (and DevTools with
 * "ES6 → ES5" off) stop at syntax newer than ES2017 — `?.`, `??`, `??=`, object spread. Babel only
 * compiles our sources; this plugin lowers every emitted chunk (library code included) to ES2017
 * before minification. tests/build/weapp.test.ts parses the build to prove it.
 */
const WEAPP_SYNTAX_TARGET = 'es2017'

export class LowerSyntaxPlugin {
  apply(compiler: Compiler): void {
    const { Compilation, sources } = compiler.webpack
    compiler.hooks.thisCompilation.tap('LowerSyntaxPlugin', (compilation) => {
      compilation.hooks.processAssets.tapPromise(
        { name: 'LowerSyntaxPlugin', stage: Compilation.PROCESS_ASSETS_STAGE_OPTIMIZE_COMPATIBILITY },
        async (assets) => {
          for (const name of Object.keys(assets)) {
            if (!name.endsWith('.js')) continue
            const source = String(assets[name].source())
            const { code } = await transform(source, { loader: 'js', target: WEAPP_SYNTAX_TARGET, charset: 'utf8' })
            compilation.updateAsset(name, new sources.RawSource(code))
          }
        },
      )
    })
  }
}
