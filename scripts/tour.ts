/**
 * The screenshot tour: every screen of every role (tests/e2e/support/tour.ts) at 375 and 320 px wide,
 * from the H5 build on a seeded local cloud, saved as <role>-<screen>-<width>.png in one folder
 * (test-results/tour, or the folder given). Prints the layout problems it sees on the way.
 * Needs `npm run build:h5` first.
 */
import fs from 'node:fs'
import path from 'node:path'
import { startE2E } from '../tests/e2e/support/browser'
import { TOUR_SCREENS, TOUR_WIDTHS, layoutProblems, openScreen } from '../tests/e2e/support/tour'

async function main() {
  const folder = path.resolve(process.argv[2] ?? 'test-results/tour')
  fs.mkdirSync(folder, { recursive: true })
  const e2e = await startE2E()
  let problemCount = 0
  try {
    for (const width of TOUR_WIDTHS) {
      for (const screen of TOUR_SCREENS) {
        const page = await e2e.pageAs(screen.openid, { width, height: 760 })
        await openScreen(page, e2e.baseUrl, screen)
        const file = path.join(folder, `${screen.role}-${screen.name}-${width}.png`)
        await page.screenshot({ path: file, fullPage: true })
        const problems = await layoutProblems(page)
        problemCount += problems.length
        console.log(`${path.basename(file)}${problems.length ? `  ${problems.length} problem(s):` : ''}`)
        for (const problem of problems.slice(0, 8)) console.log(`    ${problem.kind}: ${problem.what}`)
        await page.context().close()
      }
    }
  } finally {
    await e2e.close()
  }
  console.log(`${TOUR_SCREENS.length * TOUR_WIDTHS.length} screenshots in ${folder}; ${problemCount} layout problem(s)`)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
