import Taro from '@tarojs/taro'

/** 我的 is the second tab: its badge counts unread inbox messages, from whichever tab saw them last. */
const ME_TAB_INDEX = 1

export function showUnreadBadge(unread: number): void {
  const update =
    unread > 0
      ? Taro.setTabBarBadge({ index: ME_TAB_INDEX, text: unread > 99 ? '99+' : String(unread) })
      : Taro.removeTabBarBadge({ index: ME_TAB_INDEX })
  update.catch(() => undefined)
}
