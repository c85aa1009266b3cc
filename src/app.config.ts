/**
 * The main package holds only the two tabs and what they need; each service is a subpackage so a
 * worker scanning a bookcase in a metro station downloads the bookcase code only.
 */
const screenComponents = [
  'screens/activity/ActivityListScreen',
  'screens/activity/ActivityDetailScreen',
  'screens/activity/CheckinCodeScreen',
  'screens/activity/RosterScreen',
  'screens/counseling/CounselorScreen',
  'screens/counseling/BookingFormScreen',
  'screens/counseling/CounselorBookingsScreen',
  'screens/counseling/MyBookingsScreen',
  'screens/counseling/AvailabilityScreen',
  'screens/activity/ActivityFormScreen',
  'screens/activity/RosterScreen',
  'screens/bookcase/DepositScreen',
  'screens/bookcase/CabinetScreen',
  'screens/bookcase/LoansScreen',
  'screens/bookcase/DoorScreen',
  'screens/bookcase/FinderScreen',
  'screens/home/HomeScreen',
  'screens/me/MeScreen',
  'screens/profile/ProfileScreen',
  'screens/messages/MessagesScreen',
  'screens/admin/DashboardScreen',
  'screens/admin/BookcaseAdminScreen',
]

export default defineAppConfig({
  sitemapLocation: 'sitemap.json',
  pages: ['pages/home/index', 'pages/me/index', 'pages/profile/index', 'pages/messages/index', 'pages/privacy/index', 'pages/about/index'],
  subPackages: [
    {
      root: 'packages/activity',
      name: 'activity',
      pages: [
        'pages/list/index',
        'pages/detail/index',
        'pages/mine/index',
        'pages/card/index',
        'pages/form/index',
        'pages/roster/index',
        'pages/checkin/index',
        'pages/scan/index',
        'pages/verify/index',
      ],
    },
    {
      root: 'packages/bookcase',
      name: 'bookcase',
      pages: [
        'pages/cabinet/index',
        'pages/door/index',
        'pages/loans/index',
        'pages/deposit/index',
        'pages/leaderboard/index',
        'pages/finder/index',
      ],
    },
    {
      root: 'packages/counseling',
      name: 'counseling',
      pages: [
        'pages/counselors/index',
        'pages/counselor/index',
        'pages/book/index',
        'pages/my-bookings/index',
        'pages/counselor-bookings/index',
        'pages/availability/index',
        'pages/counselor-profile/index',
      ],
    },
    { root: 'packages/admin', name: 'admin', pages: ['pages/index/index', 'pages/bookcase/index', 'pages/dashboard/index'] },
  ],
  preloadRule: {
    'pages/home/index': { network: 'all', packages: ['activity'] },
  },
  tabBar: {
    color: '#6b7280',
    selectedColor: '#c8102e',
    backgroundColor: '#ffffff',
    borderStyle: 'white',
    list: [
      { pagePath: 'pages/home/index', text: '首页', iconPath: 'assets/tabbar/home.png', selectedIconPath: 'assets/tabbar/home-active.png' },
      { pagePath: 'pages/me/index', text: '我的', iconPath: 'assets/tabbar/me.png', selectedIconPath: 'assets/tabbar/me-active.png' },
    ],
  },
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#c8102e',
    navigationBarTitleText: '职工服务',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f5f6f8',
    // Every screen reloads on pull-down (src/hooks/useScreenRefresh.ts); forms ignore it.
    enablePullDownRefresh: true,
  },
  // Personal data is collected only after the privacy authorisation (wx privacy API).
  __usePrivacyCheck__: true,
  // The organizer's form picks the activity's place on a map (wx.chooseLocation must be declared);
  // 附近书柜 asks for the worker's position when it opens (wx.getLocation, with its reason below).
  requiredPrivateInfos: ['chooseLocation', 'getLocation'],
  permission: { 'scope.userLocation': { desc: '用于按距离排列离您最近的职工书柜' } },
  lazyCodeLoading: 'requiredComponents',
  // PC WeChat and iPad: the window can be resized, so staff get the wide admin layout (≥ 1024 px).
  resizable: true,
  ...(process.env.TARO_NATIVE_COMPONENTS ? { components: screenComponents } : {}),
})
