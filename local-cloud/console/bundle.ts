/**
 * The console page: React + TypeScript from ./app, bundled by esbuild (already the project's
 * TypeScript bundler) in memory the first time the page is asked for, so `npm start` and the
 * tests need no extra build step and nothing lands in the working tree.
 */
import path from 'node:path'

let bundle: Promise<{ js: string; css: string }> | undefined

export function consoleBundle(): Promise<{ js: string; css: string }> {
  bundle ??= import('esbuild')
    .then(({ build }) =>
      build({
        entryPoints: [path.join(__dirname, 'app', 'main.tsx')],
        bundle: true,
        write: false,
        minify: true,
        format: 'iife',
        target: 'es2020',
        jsx: 'automatic',
        outdir: 'console',
        entryNames: 'console',
        define: { 'process.env.NODE_ENV': '"production"' },
        logLevel: 'silent',
      }),
    )
    .then((result) => ({
      js: result.outputFiles.find((file) => file.path.endsWith('.js'))?.text ?? '',
      css: result.outputFiles.find((file) => file.path.endsWith('.css'))?.text ?? '',
    }))
  bundle.catch(() => {
    bundle = undefined
  })
  return bundle
}

export function consolePage(): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>本地云控制台</title>
<link rel="stylesheet" href="/__local/console/console.css">
</head>
<body>
<div id="root"></div>
<script src="/__local/console/console.js"></script>
</body>
</html>
`
}
