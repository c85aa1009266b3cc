/**
 * A cover or photo on the phone (src/services/files.ts, weapp): chosen with chooseMedia (compressed),
 * scaled down with compressImage, refused above 2 MB with a clear message, and uploaded under
 * `covers/` or `photos/` with a random name through wx.cloud.uploadFile.
 */
import { chooseImage, uploadImage } from '../../src/services/files'
import { CloudError } from '../../src/services/cloud'

const sizes = new Map<string, number>()
let compressFails = false
const mockTaro = {
  chooseMedia: jest.fn(async () => ({ tempFiles: [{ tempFilePath: 'wxfile://tmp/original.png', size: 6_000_000 }] })),
  compressImage: jest.fn(async () => {
    if (compressFails) throw new Error('compressImage:fail')
    return { tempFilePath: 'wxfile://tmp/compressed.jpg' }
  }),
  getFileSystemManager: () => ({
    getFileInfo: ({ filePath, success }: { filePath: string; success: (info: { size: number }) => void }) =>
      success({ size: sizes.get(filePath)! }),
  }),
  cloud: { uploadFile: jest.fn(async ({ cloudPath }: { cloudPath: string }) => ({ fileID: `cloud://env.bucket/${cloudPath}` })) },
  getStorageSync: () => '',
}
jest.mock('@tarojs/taro', () => ({
  __esModule: true,
  get default() {
    return mockTaro
  },
}))

Object.assign(globalThis, { LOCAL_CLOUD_URL: '', CLOUD_ENV_ID: '' })

beforeEach(() => {
  process.env.TARO_ENV = 'weapp'
  compressFails = false
  sizes.set('wxfile://tmp/original.png', 6_000_000)
  sizes.set('wxfile://tmp/compressed.jpg', 300_000)
})

test('compressed and scaled down before upload; the upload goes to covers/ under a random name', async () => {
  const image = await chooseImage()
  expect(mockTaro.chooseMedia).toHaveBeenCalledWith(expect.objectContaining({ mediaType: ['image'], sizeType: ['compressed'] }))
  expect(mockTaro.compressImage).toHaveBeenCalledWith(expect.objectContaining({ src: 'wxfile://tmp/original.png', compressedWidth: 1280 }))
  expect(image).toMatchObject({ path: 'wxfile://tmp/compressed.jpg', size: 300_000, extension: 'jpg' })
  const fileID = await uploadImage('covers', image!)
  expect(fileID).toMatch(/^cloud:\/\/env\.bucket\/covers\/[a-z0-9]{12,64}\.jpg$/)
  expect(mockTaro.cloud.uploadFile).toHaveBeenCalledWith({
    cloudPath: fileID.slice('cloud://env.bucket/'.length),
    filePath: 'wxfile://tmp/compressed.jpg',
  })
})

test('still over 2 MB after compression: refused with a clear message, nothing uploaded', async () => {
  sizes.set('wxfile://tmp/compressed.jpg', 2 * 1024 * 1024 + 1)
  mockTaro.cloud.uploadFile.mockClear()
  await expect(chooseImage()).rejects.toEqual(new CloudError('INVALID_ARGUMENT', '图片超过 2 MB，请换一张或裁小后再试'))
  expect(mockTaro.cloud.uploadFile).not.toHaveBeenCalled()
})

test('where compressImage fails the chooseMedia copy is used, within the same cap', async () => {
  compressFails = true
  sizes.set('wxfile://tmp/original.png', 900_000)
  expect(await chooseImage()).toMatchObject({ path: 'wxfile://tmp/original.png', extension: 'png' })
  sizes.set('wxfile://tmp/original.png', 6_000_000)
  await expect(chooseImage()).rejects.toThrow('图片超过 2 MB')
})

test('cancelling the picker is no error', async () => {
  mockTaro.chooseMedia.mockRejectedValueOnce(new Error('chooseMedia:fail cancel'))
  expect(await chooseImage()).toBeNull()
})
