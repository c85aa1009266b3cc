import Taro from '@tarojs/taro'

/**
 * Asks once before something that cannot be undone (PRODUCT.md): the buttons say what happens
 * ("取消报名" / "再想想"), never "取消 / 确定", and the one that destroys is red. WeChat (and Taro's
 * H5 modal) refuse button words longer than 4 characters, so each is at most 4.
 */
export async function confirmDestructive(options: { title: string; content: string; confirmText: string; cancelText?: string }) {
  const { confirm } = await Taro.showModal({
    title: options.title,
    content: options.content,
    confirmText: options.confirmText,
    cancelText: options.cancelText ?? '再想想',
    confirmColor: '#b91c1c',
  })
  return confirm
}
