/**
 * WeChat refuses `wx.getLocation` unless app.json declares it in `requiredPrivateInfos` (and gives
 * the reason shown in its prompt, `permission['scope.userLocation'].desc`); the privacy guide says
 * what the position is used for. 附近书柜 is the one place that asks for it.
 */
import fs from 'node:fs'
import path from 'node:path'

test('app.json declares getLocation with its reason; the privacy guide and popup name the position', async () => {
  ;(globalThis as { defineAppConfig?: (config: unknown) => unknown }).defineAppConfig = (config) => config
  const { default: app } = await import('../../src/app.config')
  expect(app.requiredPrivateInfos).toEqual(expect.arrayContaining(['getLocation', 'chooseLocation']))
  expect(app.permission?.['scope.userLocation']?.desc).toMatch(/书柜/)
  expect(app.subPackages?.find((pkg) => pkg.root === 'packages/bookcase')?.pages).toContain('pages/finder/index')

  const privacyPage = fs.readFileSync(path.resolve(__dirname, '../../src/pages/privacy/index.tsx'), 'utf8')
  expect(privacyPage).toMatch(/附近书柜.*当前位置/)
  const popup = fs.readFileSync(path.resolve(__dirname, '../../src/components/PrivacyPopup/index.tsx'), 'utf8')
  expect(popup).toMatch(/附近书柜时的位置/)
})
